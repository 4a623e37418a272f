package dev.keygate.gateway.http.protojson;

import java.time.Instant;

/**
 * {@link Instant#toString()}'s text, which is protojson's for a Timestamp (RFC 3339, UTC, {@code Z}, a fraction of
 * 3, 6 or 9 digits, none when zero), written without {@code DateTimeFormatter}: every ZITADEL answer carries two or
 * three dates, and formatting them took 5 % of a read's CPU in a JFR profile. Years 0000–9999 are written here,
 * any other the JDK's way.
 */
public final class InstantText {

  private static final long FIRST = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long LAST = 253_402_300_799L; // 9999-12-31T23:59:59Z
  private static final int SECONDS_PER_DAY = 86_400;

  private InstantText() {}

  public static String of(Instant instant) {
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST || seconds > LAST) {
      return instant.toString();
    }
    long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
    int secondOfDay = Math.floorMod(seconds, SECONDS_PER_DAY);
    // the proleptic Gregorian date of a day number (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    int day = (int) (dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    int month = (int) (shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));

    int nanos = instant.getNano();
    int fraction = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1000 == 0 ? 6 : 9;
    char[] text = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
    digits(text, 0, year, 4);
    text[4] = '-';
    digits(text, 5, month, 2);
    text[7] = '-';
    digits(text, 8, day, 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    int at = 19;
    if (fraction > 0) {
      text[at++] = '.';
      digits(text, at, fraction == 3 ? nanos / 1_000_000 : fraction == 6 ? nanos / 1000 : nanos, fraction);
      at += fraction;
    }
    text[at] = 'Z';
    return new String(text);
  }

  /** {@code value} in {@code width} decimal digits, zero-padded, at {@code at}. */
  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
