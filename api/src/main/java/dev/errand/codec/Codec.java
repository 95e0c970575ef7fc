package dev.errand.codec;

import dev.errand.job.JobDefinition;

/**
 * Turns job arguments and results into bytes and back, always into the declared types of the
 * job's {@link JobDefinition}: a payload can never choose which class is created.
 */
public interface Codec {

    byte[] encodeArguments(JobDefinition<?> job, Object[] args);

    /** Throws {@link CodecException} naming the job and the argument that does not decode. */
    Object[] decodeArguments(JobDefinition<?> job, byte[] payload);

    byte[] encodeResult(JobDefinition<?> job, Object result);

    Object decodeResult(JobDefinition<?> job, byte[] bytes);
}
