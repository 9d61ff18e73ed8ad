package dev.propel.local.demo;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The demo's knobs.
 *
 * @param days      days of simulated traffic
 * @param seed      random seed of the simulator (same seed, same traffic)
 * @param usersPerDay shoppers simulated per day of traffic
 * @param batchSize events per {@code POST /events} request
 * @param apiPort   API Gateway emulator port (0 for a free one)
 * @param stateDir  the demo's own state folder (wiped at the start)
 * @param template  the SAM template
 * @param clock     the demo's "now": the simulated days end on its date and the stack receives events at its
 *                  time (the system clock; fixed in tests so the same seed gives the same shop on any date)
 */
public record DemoSettings(int days, long seed, int usersPerDay, int batchSize, int apiPort, Path stateDir,
        Path template, Clock clock) {
}
