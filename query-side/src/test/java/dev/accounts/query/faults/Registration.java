package dev.accounts.query.faults;

import dev.accounts.testsupport.Api;

/**
 * One registration a fault scenario's client means to make: its own email and username (so that the store can be
 * searched for it) and its own Idempotency-Key, which every retry of it repeats.
 *
 * @param run the scenario run's tag, shared by every registration of the run and by nothing else
 * @param key the Idempotency-Key sent with every attempt, or {@code null} for a client that sends none
 */
record Registration(String run, int number, String email, String username, String key) {

    /**
     * Every registration's password: long and uncommon enough for the validators, and sharing few characters with
     * the emails and usernames, which Django's similarity validator compares as multisets of characters (one with
     * "faults" in it was refused, now and then, as too similar to a {@code ...@faults.example.com} address).
     */
    static final String PASSWORD = "Qz7#Jw9!Vk2%Hy6&";
    /** The domain of every email the fault scenarios register. */
    static final String DOMAIN = "faults.example.com";

    static Registration numbered(String run, int number) {
        return new Registration(run, number, run + "." + number + "@" + DOMAIN, run + "-" + number, run + "-" + number);
    }

    /** A SQL {@code LIKE} pattern that matches the emails of this run's registrations and no other. */
    static String emailsOf(String run) {
        return run + ".%@" + DOMAIN;
    }

    /** The same registration from a client that sends no Idempotency-Key. */
    Registration withoutKey() {
        return new Registration(run, number, email, username, null);
    }

    String body() {
        return Api.registration(email, username, PASSWORD);
    }
}
