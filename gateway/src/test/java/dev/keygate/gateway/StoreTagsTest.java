package dev.keygate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.keygate.gateway.testing.EveryStore;
import dev.keygate.gateway.testing.SingleStore;
import dev.keygate.gateway.testing.TestGateway;
import dev.keygate.gateway.testing.TestStore;
import dev.keygate.store.KeygateStore;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The PostgreSQL run of the gateway's tests takes the test classes tagged {@link EveryStore} (gateway/pom.xml), so a
 * test class that reaches the store of the run without the tag would silently never run on PostgreSQL. A class
 * reaches it when it starts a gateway or Keygate, uses {@link TestStore} or is handed a store by it, or builds on a
 * class that does (extends {@code GatewayTest}, uses a fixture that starts gateways). Such a class carries
 * {@link EveryStore} (or {@link SingleStore}, when it picks its store itself); and a class that reaches none does not
 * carry {@link EveryStore}, since it would only run twice for nothing.
 */
class StoreTagsTest {

  /**
   * Test infrastructure that tests use without reaching a store (e.g. {@code TestGateway.await}), and this test, which
   * names it only to look for it.
   */
  private static final Set<String> INFRASTRUCTURE = Set.of(TestGateway.class.getName(), TestStore.class.getName(),
      EveryStore.class.getName(), SingleStore.class.getName(), StoreTagsTest.class.getName());

  @Test
  void everyTestClassThatReachesAStoreIsTaggedAndNoOtherRunsOnEveryStore() throws Exception {
    JavaClasses compiled = new ClassFileImporter()
        .importUrl(StoreTagsTest.class.getProtectionDomain().getCodeSource().getLocation());
    Map<String, List<JavaClass>> byTopLevel = compiled.stream()
        .collect(Collectors.groupingBy(c -> topLevel(c.getName())));
    Set<String> reaching = reachingTheStore(byTopLevel);

    Set<String> untagged = new TreeSet<>();
    Set<String> needlesslyTwice = new TreeSet<>();
    for (String name : byTopLevel.keySet()) {
      Class<?> type = Class.forName(name, false, StoreTagsTest.class.getClassLoader());
      if (!isTestClass(type)) {
        continue;
      }
      Set<String> tags = AnnotationSupport.findRepeatableAnnotations(type, Tag.class).stream().map(Tag::value)
          .collect(Collectors.toSet());
      if (reaching.contains(name) && !tags.contains(EveryStore.TAG) && !tags.contains(SingleStore.TAG)) {
        untagged.add(name);
      }
      if (!reaching.contains(name) && tags.contains(EveryStore.TAG)) {
        needlesslyTwice.add(name);
      }
    }
    assertThat(reaching).as("the detection finds GatewayTest's subclasses").contains(
        "dev.keygate.gateway.zitadel.MachineUsersTest");
    assertThat(untagged).as("test classes that reach the store of the run without @EveryStore (or @SingleStore): "
        + "the PostgreSQL run would leave them out").isEmpty();
    assertThat(needlesslyTwice).as("test classes tagged every-store that reach no store: they would run twice for "
        + "nothing").isEmpty();
  }

  /**
   * The top-level classes that start a gateway or Keygate or use {@link TestStore}, then every one that depends on
   * one of those, until no more are found.
   */
  private static Set<String> reachingTheStore(Map<String, List<JavaClass>> byTopLevel) {
    Set<String> reaching = new HashSet<>();
    byTopLevel.forEach((name, classes) -> {
      if (!INFRASTRUCTURE.contains(name) && classes.stream().anyMatch(StoreTagsTest::reachesDirectly)) {
        reaching.add(name);
      }
    });
    Function<JavaClass, Set<String>> dependencies = c -> c.getDirectDependenciesFromSelf().stream()
        .map(d -> topLevel(d.getTargetClass().getName())).collect(Collectors.toSet());
    for (boolean grew = true; grew; ) {
      grew = false;
      for (Map.Entry<String, List<JavaClass>> entry : byTopLevel.entrySet()) {
        if (!reaching.contains(entry.getKey()) && !INFRASTRUCTURE.contains(entry.getKey())
            && entry.getValue().stream().map(dependencies).flatMap(Set::stream).anyMatch(reaching::contains)) {
          reaching.add(entry.getKey());
          grew = true;
        }
      }
    }
    return reaching;
  }

  private static boolean reachesDirectly(JavaClass type) {
    boolean starts = type.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals("start")
        && (call.getTargetOwner().isEquivalentTo(TestGateway.class) || call.getTargetOwner()
        .isEquivalentTo(Keygate.class)));
    // a store, or one of its areas, handed to a test method or constructor by TestStore
    boolean handedAStore = type.getCodeUnits().stream().flatMap(unit -> unit.getRawParameterTypes().stream())
        .anyMatch(parameter -> parameter.isInterface()
            && parameter.getPackageName().equals(KeygateStore.class.getPackageName()));
    return starts || handedAStore || type.getDirectDependenciesFromSelf().stream()
        .anyMatch(dependency -> dependency.getTargetClass().isEquivalentTo(TestStore.class));
  }

  private static boolean isTestClass(Class<?> type) {
    return !Modifier.isAbstract(type.getModifiers())
        && !AnnotationSupport.findAnnotatedMethods(type, Testable.class, HierarchyTraversalMode.TOP_DOWN).isEmpty();
  }

  private static String topLevel(String className) {
    int nested = className.indexOf('$');
    return nested < 0 ? className : className.substring(0, nested);
  }
}
