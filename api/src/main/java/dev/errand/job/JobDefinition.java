package dev.errand.job;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Everything the client and the worker know about one {@code @Job} method: its name, defaults,
 * and the exact parameter and return types. The annotation processor emits one constant per job
 * in the generated {@code <Class>Jobs} stub; the dispatcher reuses those constants.
 *
 * @param <R> the job method's result type ({@code Void} for {@code void} methods)
 */
public final class JobDefinition<R> {
    /** {@code @Job(queue)}'s default, and the {@link Builder}'s. */
    public static final String DEFAULT_QUEUE = "default";
    /** {@code @Job(priority)}'s default, and the {@link Builder}'s. */
    public static final int DEFAULT_PRIORITY = 0;
    /** {@code @Job(maxAttempts)}'s default, and the {@link Builder}'s. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** {@code @Job(timeout)}'s default ({@code "5m"}), and the {@link Builder}'s. */
    public static final int DEFAULT_TIMEOUT_MINUTES = 5;

    private final String name;
    private final Class<?> targetType;
    private final String methodName;
    private final String queue;
    private final int priority;
    private final int maxAttempts;
    private final Duration timeout;
    private final Type returnType;
    private final List<Type> parameterTypes;
    private final List<String> parameterNames;
    private final String signature;
    private final String fingerprint;

    private JobDefinition(Builder<R> b) {
        this.name = Names.checkJobName(b.name);
        this.targetType = Objects.requireNonNull(b.targetType, "targetType == null");
        this.methodName = Objects.requireNonNull(b.methodName, "methodName == null");
        this.queue = Names.checkQueue(b.queue);
        this.priority = b.priority;
        if (b.maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "maxAttempts must be >= 1 but was " + b.maxAttempts + " for job " + name);
        }
        this.maxAttempts = b.maxAttempts;
        this.timeout = Objects.requireNonNull(b.timeout, "timeout == null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout + " for job " + name);
        }
        this.returnType = Objects.requireNonNull(b.returnType, "returnType == null");
        this.parameterTypes = List.copyOf(b.parameterTypes);
        this.parameterNames = List.copyOf(b.parameterNames);
        if (parameterNames.size() != parameterTypes.size()) {
            throw new IllegalArgumentException("job " + name + " has " + parameterTypes.size() + " parameter types but "
                    + parameterNames.size() + " parameter names");
        }
        this.signature = Objects.requireNonNull(b.signature, "signature == null");
        this.fingerprint = fingerprintOf(name, signature);
    }

    public static <R> Builder<R> builder(String name, Class<?> targetType, String methodName) {
        return new Builder<>(name, targetType, methodName);
    }

    /** The job's unique name, e.g. {@code BookmarkService.fetchSummary}. */
    public String name() {
        return name;
    }

    public Class<?> targetType() {
        return targetType;
    }

    public String methodName() {
        return methodName;
    }

    public String queue() {
        return queue;
    }

    public int priority() {
        return priority;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The declared return type; {@code void.class} for void methods. */
    public Type returnType() {
        return returnType;
    }

    public List<Type> parameterTypes() {
        return parameterTypes;
    }

    public List<String> parameterNames() {
        return parameterNames;
    }

    /** The parameter list as the processor saw it, e.g. {@code (java.lang.String url, int depth)}. */
    public String signature() {
        return signature;
    }

    /**
     * A short hash of the name and parameter types. It travels with every job, so a worker built
     * from different code notices a changed signature instead of mis-decoding the arguments.
     */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return name + signature;
    }

    static String fingerprintOf(String name, String signature) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((name + signature).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** Built by generated code; every setter has the {@code @Job} default until called. */
    public static final class Builder<R> {
        private final String name;
        private final Class<?> targetType;
        private final String methodName;
        private String queue = DEFAULT_QUEUE;
        private int priority = DEFAULT_PRIORITY;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration timeout = Duration.ofMinutes(DEFAULT_TIMEOUT_MINUTES);
        private Type returnType = void.class;
        private final List<Type> parameterTypes = new ArrayList<>();
        private final List<String> parameterNames = new ArrayList<>();
        private String signature = "()";

        private Builder(String name, Class<?> targetType, String methodName) {
            this.name = name;
            this.targetType = targetType;
            this.methodName = methodName;
        }

        public Builder<R> queue(String queue) {
            this.queue = queue;
            return this;
        }

        public Builder<R> priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder<R> maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder<R> timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder<R> returnType(Type returnType) {
            this.returnType = returnType;
            return this;
        }

        public Builder<R> parameter(String name, Type type) {
            parameterNames.add(Objects.requireNonNull(name, "parameter name == null"));
            parameterTypes.add(Objects.requireNonNull(type, "parameter type == null"));
            return this;
        }

        public Builder<R> signature(String signature) {
            this.signature = signature;
            return this;
        }

        public JobDefinition<R> build() {
            return new JobDefinition<>(this);
        }
    }
}
