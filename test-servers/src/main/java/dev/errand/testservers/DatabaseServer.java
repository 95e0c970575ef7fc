package dev.errand.testservers;

/** A {@link KillableServer} that speaks JDBC: where to connect and as whom. */
public interface DatabaseServer extends KillableServer {
    String url();

    String user();

    String password();
}
