package dev.errand.worker;

/**
 * How a worker's claims went since it started ({@link Worker#claimStats()}): how often it asked the backend for jobs,
 * how many of those asks found none, and how many jobs they brought. Many empty claims while jobs wait, or few jobs per
 * claim, mean workers compete for the same jobs (claim contention) or hold too little room to claim in batches.
 *
 * @param claims      calls to the backend's claim
 * @param emptyClaims of those, the ones that brought no job
 * @param jobs        jobs the claims brought
 */
public record ClaimStats(long claims, long emptyClaims, long jobs) {
    /** Jobs per claim, 0 before the first claim. */
    public double jobsPerClaim() {
        return claims == 0 ? 0 : (double) jobs / claims;
    }
}
