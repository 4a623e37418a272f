package dev.keygate.gateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class that picks its store itself (it is about one store, or about choosing one) instead of running on
 * the store of the run ({@link TestStore}). The build runs it once, on the first run: the PostgreSQL run takes only the
 * tests tagged {@link EveryStore}, since this one would only repeat itself there. The tag says that the class reaches
 * a store on purpose without {@link EveryStore} ({@code StoreTagsTest} accepts either).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SingleStore.TAG)
public @interface SingleStore {

  /** The JUnit tag, as gateway/pom.xml names it. */
  String TAG = "single-store";
}
