package dev.keygate.gateway.testing;

import dev.keygate.gateway.KeygateConfig;
import dev.keygate.store.ComposedStore;
import dev.keygate.store.KeygateStore;
import dev.keygate.store.StoreProvider;
import dev.keygate.store.postgres.PostgresStoreOptions;
import dev.keygate.store.postgres.testing.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Method;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The store of this test run, for the whole gateway test tree: the one place that reads the system property
 * {@code keygate.test.store} ({@code memory}, the default, or {@code postgres}; the build runs the tests once with
 * each, see gateway/pom.xml). Every gateway a test starts ({@link TestGateway#start()}) and every store a test is
 * handed runs on it, so no test names a store implementation unless it is about that store ({@link SingleStore}).
 *
 * <p>As a JUnit extension ({@code @ExtendWith(TestStore.class)}) it hands a test a fresh, empty store as a parameter
 * (constructor, lifecycle or test method) of type {@link KeygateStore} or any of its areas' interfaces, opened the way
 * the gateway opens one, through the {@link StoreProvider} that {@code KEYGATE_STORE} names. All parameters of one test
 * get the same store; it is closed after that test.
 */
public final class TestStore implements ParameterResolver {

  public static final String PROPERTY = "keygate.test.store";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestStore.class);

  /** The kind of store of this run: a {@code KEYGATE_STORE} value. */
  public static String kind() {
    return System.getProperty(PROPERTY, "memory").trim();
  }

  /**
   * The configuration keys ({@code KEYGATE_STORE} and what that store needs) of a store of its own on this run's
   * kind: a new memory store, or a fresh schema on the shared embedded PostgreSQL server.
   */
  public static JsonObject configuration() {
    return "postgres".equals(kind()) ? postgres(TestPostgres.shared())
        : new JsonObject().put(KeygateConfig.STORE, kind());
  }

  /** The configuration of a PostgreSQL store in a fresh schema on that server, with the tests' master key. */
  public static JsonObject postgres(TestPostgres server) {
    PostgresStoreOptions fresh = server.freshStore();
    return new JsonObject().put(KeygateConfig.STORE, "postgres").put(KeygateConfig.PG_URI, fresh.uri())
        .put(KeygateConfig.PG_SCHEMA, fresh.schema()).put(KeygateConfig.PG_POOL_SIZE, fresh.poolSize())
        .put(KeygateConfig.PG_TIMEOUT_MS, fresh.timeoutMs())
        // a Keygate on PostgreSQL needs its master key, however it is started (a child JVM reads this too)
        .put(KeygateConfig.MASTER_KEY, TestGateway.MASTER_KEY);
  }

  /** Opens the store that {@code configuration} names, through its provider. */
  private static Future<KeygateStore> open(Vertx vertx, JsonObject configuration) {
    return open(vertx, new KeygateConfig(configuration));
  }

  /** Opens the store that {@code config} names, through its provider, as the gateway's StoreFactory does. */
  static Future<KeygateStore> open(Vertx vertx, KeygateConfig config) {
    String kind = config.has(KeygateConfig.STORE) ? config.string(KeygateConfig.STORE).trim() : "memory";
    Function<String, String> settings = key -> config.has(key) ? config.string(key) : null;
    for (StoreProvider provider : ServiceLoader.load(StoreProvider.class)) {
      if (provider.kind().equals(kind)) {
        return provider.open(vertx, settings);
      }
    }
    return Future.failedFuture(new IllegalStateException("no StoreProvider of kind '" + kind + "' on the classpath ("
        + PROPERTY + ")"));
  }

  /**
   * The same store, except that closing it does nothing: for gateways that start and stop one after the other on one
   * store, as processes do on one database (a gateway closes its store when it stops).
   */
  public static KeygateStore outliving(KeygateStore store) {
    return ComposedStore.of(store).withCloser(Future::succeededFuture);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return type(parameter) == KeygateStore.class || area(parameter.getParameter().getType()) != null;
  }

  private static Class<?> type(ParameterContext parameter) {
    return parameter.getParameter().getType();
  }

  /** The accessor of {@link KeygateStore} that hands out an area of this type, or null. */
  private static Method area(Class<?> type) {
    for (Method accessor : KeygateStore.class.getMethods()) {
      if (accessor.getParameterCount() == 0 && accessor.getReturnType() == type
          && type.getPackageName().equals(KeygateStore.class.getPackageName())) {
        return accessor;
      }
    }
    return null;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KeygateStore store = context.getStore(NAMESPACE)
        .getOrComputeIfAbsent(OpenStore.class, type -> OpenStore.open(), OpenStore.class).store();
    if (type(parameter) == KeygateStore.class) {
      return store;
    }
    try {
      return area(type(parameter)).invoke(store);
    } catch (ReflectiveOperationException e) {
      throw new ParameterResolutionException("cannot reach the store's " + type(parameter).getSimpleName(), e);
    }
  }

  /** A constructor parameter belongs to its test method too, so that each test gets a store of its own. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  /** A store handed to a test, with the Vert.x it runs on; JUnit closes it when the test's context closes. */
  private record OpenStore(Vertx vertx, KeygateStore store) implements AutoCloseable {

    static OpenStore open() {
      Vertx vertx = Vertx.vertx();
      try {
        return new OpenStore(vertx, TestGateway.await(TestStore.open(vertx, configuration())));
      } catch (RuntimeException e) {
        vertx.close();
        throw e;
      }
    }

    @Override
    public void close() {
      TestGateway.await(store.close().eventually(vertx::close));
    }
  }
}
