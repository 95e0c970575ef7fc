package dev.errand.backend.gearman.admin;

import java.util.List;

/**
 * One line of the admin {@code workers} answer: a connection's descriptor on the server, its
 * address, its client id ({@code "-"} when it set none) and the functions it registered
 * (empty for clients).
 */
public record WorkerInfo(int fd, String address, String clientId, List<String> functions) {
    public WorkerInfo {
        functions = List.copyOf(functions);
    }
}
