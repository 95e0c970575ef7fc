package dev.errand.backend.redis;

import dev.errand.job.JobError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The form values take in Redis, as script arguments, script replies and job hash fields: times as
 * epoch microseconds in decimal, numbers in decimal, text in UTF-8, and errors as one record
 * {@code "<attempt> <at µs> <type bytes> <message bytes>\n"} followed by the type, message and stack
 * trace in UTF-8 ({@code error_record} in {@code common.lua} writes the same).
 */
final class RedisValues {
    private RedisValues() {}

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    static byte[] num(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(Object reply) {
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    static long number(Object reply) {
        if (reply instanceof Long n) {
            return n;
        }
        String s = new String((byte[]) reply, StandardCharsets.US_ASCII);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return (long) Double.parseDouble(s); // zset scores come back as %.17g
        }
    }

    static byte[] errorRecord(JobError error) {
        byte[] type = text(error.type());
        byte[] message = text(error.message());
        byte[] stack = text(error.stackTrace());
        byte[] header =
                text(error.attempt() + " " + micros(error.at()) + " " + type.length + " " + message.length + "\n");
        byte[] out = Arrays.copyOf(header, header.length + type.length + message.length + stack.length);
        System.arraycopy(type, 0, out, header.length, type.length);
        System.arraycopy(message, 0, out, header.length + type.length, message.length);
        System.arraycopy(stack, 0, out, header.length + type.length + message.length, stack.length);
        return out;
    }

    static JobError jobError(byte[] record) {
        int newline = 0;
        while (newline < record.length && record[newline] != '\n') {
            newline++;
        }
        String[] header = new String(record, 0, newline, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 4 || newline == record.length) {
            throw new IllegalStateException(
                    "unreadable error record in Redis: '" + new String(record, StandardCharsets.UTF_8) + "'");
        }
        int typeLength = Integer.parseInt(header[2]);
        int messageLength = Integer.parseInt(header[3]);
        int at = newline + 1;
        String type = new String(record, at, typeLength, StandardCharsets.UTF_8);
        String message = new String(record, at + typeLength, messageLength, StandardCharsets.UTF_8);
        int stackAt = at + typeLength + messageLength;
        String stack = new String(record, stackAt, record.length - stackAt, StandardCharsets.UTF_8);
        return new JobError(Integer.parseInt(header[0]), instant(Long.parseLong(header[1])), type, message, stack);
    }
}
