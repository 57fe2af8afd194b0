package dev.tickrunner.storage.internal;

import dev.tickrunner.storage.CalledOnce;
import dev.tickrunner.storage.Idempotent;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * Decorates a storage port so that each call goes through its circuit breakers, and the port methods marked
 * {@link Idempotent} also through its retry; {@link CalledOnce} methods are never retried. The composition is
 * {@code Retry(CircuitBreaker(outer)(CircuitBreaker(inner)(call)))}. What the call throws is rethrown as it was.
 *
 * <p>The decision is read from the port's annotations once, when the decorator is built: a port method with neither
 * annotation (or both) is refused there, so a new method cannot be retried by default.
 */
public final class ResilientPort {
    private ResilientPort() {
    }

    /**
     * @param port     the port interface, e.g. {@code ResultWriter.class}
     * @param target   the undecorated implementation
     * @param retry    the retry for {@link Idempotent} methods
     * @param breakers the breakers every call goes through, outermost first
     * @param <P>      the port type
     * @return the decorated port
     * @throws IllegalArgumentException if a method of {@code port} is not marked exactly one of {@link Idempotent}
     *                                  and {@link CalledOnce}
     */
    public static <P> P decorate(Class<P> port, P target, Retry retry, CircuitBreaker... breakers) {
        Map<Method, Boolean> idempotent = retryDecisions(port);
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, target, method, args);
            }
            CheckedSupplier<Object> call = guarded(() -> invoke(target, method, args), breakers);
            return (idempotent.get(method) ? Retry.decorateCheckedSupplier(retry, call) : call).get();
        });
        return port.cast(proxy);
    }

    /**
     * @return for each abstract method of {@code port}: true if it is {@link Idempotent}, false if {@link CalledOnce}
     * @throws IllegalArgumentException if a method is marked neither or both
     */
    static Map<Method, Boolean> retryDecisions(Class<?> port) {
        Map<Method, Boolean> decisions = new HashMap<>();
        for (Method m : port.getMethods()) {
            if (m.isDefault() || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            boolean retried = m.isAnnotationPresent(Idempotent.class);
            if (retried == m.isAnnotationPresent(CalledOnce.class)) {
                throw new IllegalArgumentException(port.getSimpleName() + "." + m.getName()
                        + " must be marked exactly one of @Idempotent and @CalledOnce");
            }
            decisions.put(m, retried);
        }
        return Map.copyOf(decisions);
    }

    private static CheckedSupplier<Object> guarded(CheckedSupplier<Object> call, CircuitBreaker... breakers) {
        CheckedSupplier<Object> s = call;
        for (int i = breakers.length - 1; i >= 0; i--) {
            s = CircuitBreaker.decorateCheckedSupplier(breakers[i], s);
        }
        return s;
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object objectMethod(Object self, Object target, Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            case "equals" -> self == args[0];
            case "hashCode" -> System.identityHashCode(self);
            case "toString" -> "Resilient(" + target + ")";
            default -> invoke(target, method, args);
        };
    }
}
