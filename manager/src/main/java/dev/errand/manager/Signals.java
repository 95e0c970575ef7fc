package dev.errand.manager;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Installs handlers for POSIX signals through {@code sun.misc.Signal} (module jdk.unsupported,
 * present on every JDK 17): TERM and INT for a graceful stop, HUP for a reload. A handler replaces
 * the JVM's default, so TERM no longer exits at once: the process stops its workers and exits 0.
 * The class is reached reflectively so that the build has no unsuppressable "internal
 * proprietary API" warnings.
 */
public final class Signals {
    private Signals() {}

    /**
     * Runs {@code action} on each {@code SIG<name>}; false when this JVM does not allow it, or when the process was
     * started with the signal ignored ({@code nohup} ignores SIGHUP), which the JVM then leaves ignored.
     */
    public static boolean handle(String name, Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance(name);
            Object handler = Proxy.newProxyInstance(
                    handlerType.getClassLoader(),
                    new Class<?>[] {handlerType},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "handle" -> {
                            action.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "SignalHandler[" + name + "]";
                    });
            Object previous =
                    signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            // A signal the process was started with ignored (SIGHUP under nohup) stays ignored: the JVM keeps it so
            // and answers with SIG_IGN instead of installing the handler.
            return previous != handlerType.getField("SIG_IGN").get(null);
        } catch (InvocationTargetException e) {
            return false; // e.g. IllegalArgumentException: the JVM reserves this signal
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    /** Sends {@code SIG<name>} to a process with the {@code kill} command (Java can only send TERM and KILL itself). */
    public static boolean send(long pid, String name) {
        try {
            Process p = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
