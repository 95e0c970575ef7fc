package dev.errand.backend.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Java proxies over JDBC objects, for tests that watch or change what a driver call does. */
final class TestProxies {
    private TestProxies() {}

    static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(TestProxies.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Calls {@code method} on {@code target}, throwing what the method threw rather than its reflective wrapper. */
    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
