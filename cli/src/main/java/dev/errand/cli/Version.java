package dev.errand.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code errand --version}: the version in the jar's manifest (or "development" when run from classes). */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"errand " + (v == null ? "(development build)" : v)};
    }
}
