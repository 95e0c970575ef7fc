package dev.errand.bench;

import java.util.List;
import java.util.Map;

/**
 * The servers of the {@link ReplicasScenario} for one store: one alone (the baseline) and one with a replica, and the
 * ways the clients may use them ({@link #setups()}, baseline first).
 */
interface ReplicaStores extends AutoCloseable {

    /** {@code redis} or {@code postgres}. */
    String name();

    /** The servers, their versions and the settings that matter for the figures. */
    String describe();

    /** What each setup is, e.g. {@code master + replica, waitReplicas=1}; the first is the baseline. */
    List<String> setups();

    /** A fresh, empty store for setup {@code index}: the settings of its clients, and how to drop it. */
    Store open(int index);

    @Override
    void close();

    /**
     * @param settings    the {@code errand.*} keys of a client on this store
     * @param serverPorts the ports of the servers that do the work (master and replica), for their CPU time
     * @param drop        empties the store once its clients are closed
     */
    record Store(Map<String, String> settings, List<Integer> serverPorts, Runnable drop) {}
}
