package dev.keygate.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts Keygate in the test's JVM once per test class and hands it to the class's tests as a {@link KeygateServer}
 * parameter. Usually applied through {@link KeygateTest}, which also carries the settings; a plain
 * {@code @ExtendWith(KeygateExtension.class)} starts a server with the extension's defaults.
 *
 * <p>The server starts before the class's {@code @BeforeAll} methods (or when a {@code PER_CLASS} test instance's
 * constructor asks for it, which comes first), and is kept in the class's {@link ExtensionContext.Store}, which stops
 * it when the class has ended, after its {@code @AfterAll} methods: every test of the class, and of its
 * {@code @Nested} classes, shares one server, and so its tenants and everything created in them. Its port refuses
 * connections once the class has ended. Closing the stored server relies on JUnit Jupiter 5.13 or newer, which closes
 * the {@link AutoCloseable} values of a store.
 */
public final class KeygateExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeygateExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    server(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KeygateServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server(context);
  }

  /** The server of the class that owns {@code context}, started on first use. */
  private static KeygateServer server(ExtensionContext context) {
    ExtensionContext owner = owner(context);
    Class<?> ownerClass = owner.getRequiredTestClass();
    String[] settings = AnnotationSupport.findAnnotation(ownerClass, KeygateTest.class)
        .map(KeygateTest::settings).orElse(new String[0]);
    return owner.getStore(NAMESPACE)
        .getOrComputeIfAbsent(ownerClass, type -> new Running(KeygateServer.start(settings)), Running.class)
        .server();
  }

  /**
   * The context of the class whose server a test uses: the nearest class, from the test's own outwards through the
   * classes that enclose a {@code @Nested} one, that carries {@link KeygateTest}; without one, the outermost.
   */
  private static ExtensionContext owner(ExtensionContext context) {
    ExtensionContext current = context;
    while (!isClass(current)) {
      current = current.getParent()
          .orElseThrow(() -> new IllegalStateException("KeygateExtension serves test classes and their tests"));
    }
    while (!AnnotationSupport.isAnnotated(current.getRequiredTestClass(), KeygateTest.class)) {
      Optional<ExtensionContext> enclosing = current.getParent().filter(KeygateExtension::isClass);
      if (enclosing.isEmpty()) {
        return current;
      }
      current = enclosing.get();
    }
    return current;
  }

  private static boolean isClass(ExtensionContext context) {
    return context.getElement().orElse(null) instanceof Class;
  }

  /** What the store holds: the store closes it, which stops the server, when the owning class has ended. */
  private record Running(KeygateServer server) implements AutoCloseable {
    @Override
    public void close() {
      server.stop();
    }
  }
}
