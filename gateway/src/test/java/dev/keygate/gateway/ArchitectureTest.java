package dev.keygate.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The arrows of the design (docs/design.md), checked on the compiled main classes of every module: the gateway's and
 * those of the store modules, which are on this module's test classpath. A surface renders the wire dialect and calls
 * services; services hold the rules and call the store SPI; {@code http} is plumbing below both; the store
 * implementations are found at run time and know nothing above the SPI.
 */
@AnalyzeClasses(packages = "dev.keygate",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
@SuppressWarnings("checkstyle:HideUtilityClassConstructor") // ArchUnit reads the rules from its fields
class ArchitectureTest {

  private static final String[] SURFACES = {"dev.keygate.gateway.zitadel..", "dev.keygate.gateway.droplit..",
      "dev.keygate.gateway.oracle..", "dev.keygate.gateway.oauth..", "dev.keygate.gateway.grpc.."};
  private static final String[] STORE_IMPLEMENTATIONS = {"dev.keygate.store.memory..", "dev.keygate.store.postgres.."};
  /**
   * What the store SPI can do, as opposed to the neutral records it speaks in (which surfaces may render): the
   * composite, every area interface, the provider, the composer and the store's failures.
   */
  private static final String STORE_OPERATIONS =
      "dev\\.keygate\\.store\\.(\\w*Store|CredentialLookup|CredentialChangeFeed|StoreProvider|StoreException)(\\$.*)?";

  @ArchTest
  static final ArchRule surfacesReachTheStoreOnlyThroughServices = noClasses()
      .that().resideInAnyPackage(SURFACES)
      .should().dependOnClassesThat().resideInAnyPackage(STORE_IMPLEMENTATIONS)
      .orShould().dependOnClassesThat().haveNameMatching(STORE_OPERATIONS)
      .because("a surface only translates its wire dialect to service calls; what the store does is the services' job");

  @ArchTest
  static final ArchRule servicesKnowNoHttpAndNoSurface = noClasses()
      .that().resideInAPackage("dev.keygate.gateway.service..")
      .should().dependOnClassesThat().resideInAnyPackage(concat(SURFACES, "io.vertx.ext.web..",
          "dev.keygate.gateway.http.."))
      .because("services hold the rules of every dialect and answer in neutral types, whatever binding calls them");

  @ArchTest
  static final ArchRule httpPlumbingKnowsNoServiceAndNoSurface = noClasses()
      .that().resideInAPackage("dev.keygate.gateway.http..")
      .should().dependOnClassesThat().resideInAnyPackage(concat(SURFACES, "dev.keygate.gateway.service.."))
      .because("the plumbing is below the surfaces and the services; what it shares with them lives in "
          + "dev.keygate.gateway.domain");

  @ArchTest
  static final ArchRule theGatewayFindsItsStoreThroughTheServiceLoader = noClasses()
      .that().resideInAPackage("dev.keygate.gateway..")
      .should().dependOnClassesThat().resideInAnyPackage(STORE_IMPLEMENTATIONS)
      .because("the gateway compiles against the store SPI only; KEYGATE_STORE picks a StoreProvider at run time");

  @ArchTest
  static final ArchRule storesKnowNoGateway = noClasses()
      .that().resideInAPackage("dev.keygate.store..")
      .should().dependOnClassesThat().resideInAPackage("dev.keygate.gateway..")
      .because("the store modules are below the gateway and are built before it");

  @ArchTest
  static final ArchRule theStoreSpiNamesNoImplementation = noClasses()
      .that().resideInAPackage("dev.keygate.store")
      .should().dependOnClassesThat().resideInAnyPackage(STORE_IMPLEMENTATIONS)
      .because("implementations register themselves through StoreProvider");

  @ArchTest
  static final ArchRule storeImplementationsKnowOnlyTheSpi = slices()
      .matching("dev.keygate.store.(*)..").namingSlices("store $1")
      .should().notDependOnEachOther()
      .because("each store implements the SPI on its own; what they share belongs in the SPI");

  @ArchTest
  static final ArchRule serviceRoomsFormNoCycle = slices()
      .matching("dev.keygate.gateway.service.(*)..").namingSlices("service.$1")
      .should().beFreeOfCycles()
      .because("the rooms of service are layered (access uses token, token uses credential, all use crypto): a cycle "
          + "would make two rooms one");

  @ArchTest
  static final ArchRule cryptoPrimitivesKnowNoStoreAndNoRule = noClasses()
      .that().resideInAPackage("dev.keygate.gateway.service.crypto..")
      .should().dependOnClassesThat().haveNameMatching("dev\\.keygate\\.store\\.(?!ServerKeyStore$).*")
      .orShould().dependOnClassesThat().resideInAnyPackage("dev.keygate.gateway.service",
          "dev.keygate.gateway.service.access..", "dev.keygate.gateway.service.credential..",
          "dev.keygate.gateway.service.token..", "dev.keygate.gateway.service.ecosystem..",
          "dev.keygate.gateway.service.commerce..", "dev.keygate.gateway.service.idempotency..")
      .because("service.crypto holds primitives (hashes, keys, ids, random secrets) that every room may use; the "
          + "only store area it reads is the server's key material (the secret-hash pepper)");

  @ArchTest
  static final ArchRule httpRoomsFormNoCycle = slices()
      .matching("dev.keygate.gateway.http.(*)..").namingSlices("http.$1")
      .should().beFreeOfCycles()
      .because("contract, protojson, edge and idempotency are separate steps of the pipeline in http's root");

  @ArchTest
  static final ArchRule gatewayPackagesFormNoCycle = slices()
      .matching("dev.keygate.gateway.(*)..").namingSlices("$1")
      .should().beFreeOfCycles()
      .because("the gateway's packages are layered: surfaces over services and http, both over domain");

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }

  /**
   * Leaves out the test-jars of other modules too (e.g. store-postgres's embedded server), which
   * {@link ImportOption.DoNotIncludeTests} does not recognize because they are jars, not test-classes directories.
   */
  static final class DoNotIncludeTestJars implements ImportOption {

    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    @Override
    public boolean includes(Location location) {
      return !location.matches(TEST_JAR);
    }
  }
}
