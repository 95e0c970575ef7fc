package dev.errand.spi;

import dev.errand.job.JobDefinition;
import java.util.List;

/**
 * Invokes the {@code @Job} methods of one class. Generated as {@code <Class>Dispatcher} by the
 * annotation processor and registered for {@link java.util.ServiceLoader}; the worker runtime
 * decodes the arguments with the definitions' types and calls {@link #dispatch}.
 *
 * @param <T> the class that declares the jobs
 */
public interface JobDispatcher<T> {

    /** The class whose {@code @Job} methods this dispatcher calls. */
    Class<T> targetType();

    /** One definition per {@code @Job} method, in source order. */
    List<JobDefinition<?>> jobs();

    /**
     * Calls the job's method on {@code target} with already decoded arguments and returns its
     * result ({@code null} for void methods). Exceptions thrown by the job propagate unchanged.
     */
    Object dispatch(T target, JobDefinition<?> job, Object[] args) throws Throwable;
}
