package dev.errand.backend.gearman.protocol;

import java.util.Optional;

/**
 * Every packet code of the Gearman binary protocol (gearmand 1.1.20's table): its number, who
 * sends it and how many arguments its payload holds. Only the last argument may contain NULs;
 * {@link PacketReader} splits a payload on the first {@code argCount() - 1} of them.
 */
public enum PacketType {
    CAN_DO(1, Direction.REQUEST, 1, false),
    CANT_DO(2, Direction.REQUEST, 1, false),
    RESET_ABILITIES(3, Direction.REQUEST, 0, false),
    PRE_SLEEP(4, Direction.REQUEST, 0, false),
    // 5 is unused by the protocol
    NOOP(6, Direction.RESPONSE, 0, false),
    SUBMIT_JOB(7, Direction.REQUEST, 3, false),
    JOB_CREATED(8, Direction.RESPONSE, 1, true),
    GRAB_JOB(9, Direction.REQUEST, 0, false),
    NO_JOB(10, Direction.RESPONSE, 0, false),
    JOB_ASSIGN(11, Direction.RESPONSE, 3, true),
    WORK_STATUS(12, Direction.BOTH, 3, true),
    WORK_COMPLETE(13, Direction.BOTH, 2, true),
    WORK_FAIL(14, Direction.BOTH, 1, true),
    GET_STATUS(15, Direction.REQUEST, 1, true),
    ECHO_REQ(16, Direction.REQUEST, 1, false),
    ECHO_RES(17, Direction.RESPONSE, 1, false),
    SUBMIT_JOB_BG(18, Direction.REQUEST, 3, false),
    ERROR(19, Direction.RESPONSE, 2, false),
    STATUS_RES(20, Direction.RESPONSE, 5, true),
    SUBMIT_JOB_HIGH(21, Direction.REQUEST, 3, false),
    SET_CLIENT_ID(22, Direction.REQUEST, 1, false),
    CAN_DO_TIMEOUT(23, Direction.REQUEST, 2, false),
    ALL_YOURS(24, Direction.REQUEST, 0, false),
    WORK_EXCEPTION(25, Direction.BOTH, 2, true),
    OPTION_REQ(26, Direction.REQUEST, 1, false),
    OPTION_RES(27, Direction.RESPONSE, 1, false),
    WORK_DATA(28, Direction.BOTH, 2, true),
    WORK_WARNING(29, Direction.BOTH, 2, true),
    GRAB_JOB_UNIQ(30, Direction.REQUEST, 0, false),
    JOB_ASSIGN_UNIQ(31, Direction.RESPONSE, 4, true),
    SUBMIT_JOB_HIGH_BG(32, Direction.REQUEST, 3, false),
    SUBMIT_JOB_LOW(33, Direction.REQUEST, 3, false),
    SUBMIT_JOB_LOW_BG(34, Direction.REQUEST, 3, false),
    /** function, unique, minute, hour, day of month, month, day of week, workload. */
    SUBMIT_JOB_SCHED(35, Direction.REQUEST, 8, false),
    /** function, unique, epoch seconds (decimal text), workload. */
    SUBMIT_JOB_EPOCH(36, Direction.REQUEST, 4, false),
    /** function, unique, reducer, aggregator, workload. */
    SUBMIT_REDUCE_JOB(37, Direction.REQUEST, 5, false),
    SUBMIT_REDUCE_JOB_BACKGROUND(38, Direction.REQUEST, 5, false),
    GRAB_JOB_ALL(39, Direction.REQUEST, 0, false),
    /** handle, function, unique, reducer, workload. */
    JOB_ASSIGN_ALL(40, Direction.RESPONSE, 5, true),
    GET_STATUS_UNIQUE(41, Direction.REQUEST, 1, false),
    /** unique, known, running, numerator, denominator, waiting clients. */
    STATUS_RES_UNIQUE(42, Direction.RESPONSE, 6, false);

    /** Who sends a packet: a client or worker ({@code \0REQ}), the server ({@code \0RES}), or either. */
    public enum Direction {
        REQUEST,
        RESPONSE,
        BOTH
    }

    private static final PacketType[] BY_CODE = new PacketType[43];

    static {
        for (PacketType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final Direction direction;
    private final int argCount;
    private final boolean firstArgIsHandle;

    PacketType(int code, Direction direction, int argCount, boolean firstArgIsHandle) {
        this.code = code;
        this.direction = direction;
        this.argCount = argCount;
        this.firstArgIsHandle = firstArgIsHandle;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    public Direction direction() {
        return direction;
    }

    /** How many arguments the payload holds; only the last may contain NULs. */
    public int argCount() {
        return argCount;
    }

    /** Whether argument 0 is a job handle (which the reader cleans of trailing NULs). */
    public boolean firstArgIsHandle() {
        return firstArgIsHandle;
    }

    /** Whether a packet of this type may arrive under this magic. */
    public boolean sentAs(Magic magic) {
        return direction == Direction.BOTH || (direction == Direction.REQUEST) == (magic == Magic.REQUEST);
    }

    /** The type with this code, or empty for 0, 5 and anything the protocol does not define. */
    public static Optional<PacketType> of(long code) {
        return code > 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[(int) code]) : Optional.empty();
    }
}
