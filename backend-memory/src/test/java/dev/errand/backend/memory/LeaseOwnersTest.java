package dev.errand.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaseOwnersTest {
    private final LeaseOwners owners = new LeaseOwners();

    @Test
    void anOwnerKeepsItsNumber_andTheNumberNamesIt() {
        int a = owners.numberOf("host:1:a");
        int b = owners.numberOf("host:1:b");

        assertThat(a).isNotEqualTo(b).isNotEqualTo(LeaseOwners.NONE);
        assertThat(owners.numberOf("host:1:a")).isEqualTo(a);
        assertThat(owners.name(a)).isEqualTo("host:1:a");
        assertThat(owners.name(b)).isEqualTo("host:1:b");
        assertThat(owners.name(LeaseOwners.NONE)).isNull();
    }

    @Test
    void aWorkerThatNeverHeldALease_isKnownAsNobody() {
        owners.numberOf("host:1:a");

        assertThat(owners.knownNumberOf("host:2:stranger")).isEqualTo(LeaseOwners.NONE);
    }

    @Test
    void theLookupOfTheLastOwner_answersForAnEqualIdOfAnotherInstanceToo() {
        int a = owners.numberOf("host:1:a");
        int b = owners.numberOf("host:1:b");
        String sameAsA = new String("host:1:a");

        assertThat(owners.knownNumberOf("host:1:b")).isEqualTo(b);
        assertThat(owners.knownNumberOf(sameAsA)).isEqualTo(a);
        assertThat(owners.knownNumberOf("host:1:b")).isEqualTo(b);
    }
}
