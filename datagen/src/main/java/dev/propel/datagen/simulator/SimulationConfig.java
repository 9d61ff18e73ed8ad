package dev.propel.datagen.simulator;

import java.time.LocalDate;

/**
 * Everything that determines a simulation run: the same config always yields byte-identical output.
 *
 * @param users      number of distinct shoppers (each visits one or more times)
 * @param days       length of the simulated period in days
 * @param start      first simulated day (UTC)
 * @param seed       random seed
 * @param items      catalogue size
 * @param categories number of item categories
 * @param dirt       dirt mixed into the deliveries
 */
public record SimulationConfig(
        int users,
        int days,
        LocalDate start,
        long seed,
        int items,
        int categories,
        DirtRates dirt) {

    public SimulationConfig {
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1");
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1");
        }
        if (items < 10) {
            throw new IllegalArgumentException("items must be at least 10");
        }
        if (categories < 1 || categories > items) {
            throw new IllegalArgumentException("categories must be within [1, items]");
        }
        if (start == null) {
            throw new IllegalArgumentException("start is required");
        }
        if (dirt == null) {
            dirt = DirtRates.defaults();
        }
    }

    /** 1,000 users over 7 days from 2026-11-01, seed 42, 2,000 items in 20 categories, default dirt. */
    public static SimulationConfig defaults() {
        return new SimulationConfig(1_000, 7, LocalDate.of(2026, 11, 1), 42L, 2_000, 20, DirtRates.defaults());
    }

    public SimulationConfig withUsers(int v) {
        return new SimulationConfig(v, days, start, seed, items, categories, dirt);
    }

    public SimulationConfig withDays(int v) {
        return new SimulationConfig(users, v, start, seed, items, categories, dirt);
    }

    public SimulationConfig withStart(LocalDate v) {
        return new SimulationConfig(users, days, v, seed, items, categories, dirt);
    }

    public SimulationConfig withSeed(long v) {
        return new SimulationConfig(users, days, start, v, items, categories, dirt);
    }

    public SimulationConfig withItems(int v) {
        return new SimulationConfig(users, days, start, seed, v, categories, dirt);
    }

    public SimulationConfig withCategories(int v) {
        return new SimulationConfig(users, days, start, seed, items, v, dirt);
    }

    public SimulationConfig withDirt(DirtRates v) {
        return new SimulationConfig(users, days, start, seed, items, categories, v);
    }
}
