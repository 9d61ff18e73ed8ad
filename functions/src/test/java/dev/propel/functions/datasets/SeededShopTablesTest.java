package dev.propel.functions.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.propel.core.event.BehaviourEvent;
import dev.propel.core.features.ItemStatsTable;
import dev.propel.datagen.decisions.DecisionScenario;
import dev.propel.datagen.simulator.Delivery;
import dev.propel.datagen.simulator.DirtRates;
import dev.propel.datagen.simulator.ShopSimulator;
import dev.propel.datagen.simulator.SimulationConfig;
import dev.propel.datagen.simulator.SimulationResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of a small seeded shop: the simulator's deliveries (every id, time, price and dirt decision comes
 * from its random streams, so any change in their draw order shows) and every table {@link DayTables} builds from
 * them, day after day on its own stats. The digests were recorded before the simulator and the day tables were split
 * into one class per concern (issue 15) and must not move when code is only moved. A deliberate change of the
 * simulator or of a table changes them: then record the new digests and say why in the commit.
 *
 * <p>Robust by construction: the tables are hashed uncompressed (gzip bytes depend on the zlib build), and what is
 * printed at full precision from {@code Math.exp}/{@code Math.log}, whose last bit may differ between CPU
 * architectures, is left out: the ground-truth sidecar and the decision events' propensity. Everything hashed is
 * integral, rounded (prices to cents) or a float feature.
 */
class SeededShopTablesTest {
    private static final LocalDate START = LocalDate.of(2026, 11, 2);
    private static final int DAYS = 3;
    /** A little more of every kind of dirt than the defaults, so a small shop exercises each branch. */
    private static final SimulationConfig CONFIG = SimulationConfig.defaults().withUsers(600).withDays(DAYS)
            .withStart(START).withSeed(15L).withItems(300).withCategories(8)
            .withDirt(new DirtRates(0.05, 0.03, 0.05, 0.1, 0.05, 0.05, 0.2));

    /** A decision event's propensity, printed at full precision from {@code Math.exp} (see the class comment). */
    private static final Pattern FULL_PRECISION = Pattern.compile("\"propensity\":\"[^\"]*\"");

    @Test
    void aSeededShopAndItsTablesKeepTheirBytes() {
        SimulationResult sim = new ShopSimulator(CONFIG, DecisionScenario.DEFAULT).runInMemory();
        Map<String, String> digests = new LinkedHashMap<>();
        StringBuilder deliveries = new StringBuilder();
        for (Delivery d : sim.deliveries()) {
            deliveries.append(d.deliveredAtMillis()).append(' ').append(FULL_PRECISION.matcher(d.json()).replaceAll(""))
                    .append('\n');
        }
        digests.put("deliveries", digest(deliveries.toString().getBytes(StandardCharsets.UTF_8)));

        List<BehaviourEvent> events = sim.distinctEvents();
        DayTables tables = new DayTables(BuildSettings.defaults());
        ItemStatsTable items = ItemStatsTable.empty();
        UserRegistry users = UserRegistry.empty();
        for (LocalDate day = START; day.isBefore(START.plusDays(DAYS)); day = day.plusDays(1)) {
            DayTables.Output o = tables.build(day, events, items, users);
            digests.put(day + " conversion", digest(gunzip(o.conversion().finish())));
            digests.put(day + " item", digest(gunzip(o.item().finish())));
            ByteArrayOutputStream itemStats = new ByteArrayOutputStream();
            o.items().write(itemStats);
            digests.put(day + " items", digest(itemStats.toByteArray()));
            CsvPartition usersPart = new CsvPartition(UserRegistry.COLUMNS);
            o.users().writeTo(usersPart);
            digests.put(day + " users", digest(gunzip(usersPart.finish())));
            digests.put(day + " daily", digest(gunzip(o.daily().finish())));
            digests.put(day + " retention", digest(gunzip(o.retention().finish())));
            items = o.items();
            users = o.users();
        }
        assertEquals(EXPECTED, digests);
    }

    /** Recorded on the code before the split (commit 7a3e80c). */
    private static final Map<String, String> EXPECTED = expected(
            "deliveries", "e057c87263e6d8dc",
            "2026-11-02 conversion", "060dc3a27037576a",
            "2026-11-02 item", "3df1bcd52a6102f4",
            "2026-11-02 items", "f114ba2f2e74d36f",
            "2026-11-02 users", "58e1ff5fb3cda935",
            "2026-11-02 daily", "1d0d32ee951a9d7e",
            "2026-11-02 retention", "ec0fc240ad30f299",
            "2026-11-03 conversion", "49f34642ea6b15ec",
            "2026-11-03 item", "09f5ba1dcfd69f3b",
            "2026-11-03 items", "7c83adf85add6f61",
            "2026-11-03 users", "7ec9b7c8c86d430d",
            "2026-11-03 daily", "a40a117be19da9ab",
            "2026-11-03 retention", "047853f1d81e7d73",
            "2026-11-04 conversion", "3d4c4ffa97a600a1",
            "2026-11-04 item", "2656eb6134620430",
            "2026-11-04 items", "0f33e1509c010d3c",
            "2026-11-04 users", "8eada02553a0f894",
            "2026-11-04 daily", "095bf7ebeb4142d0",
            "2026-11-04 retention", "d9de0a65f4c611c8");

    private static Map<String, String> expected(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 16 hex digits of the SHA-256: enough to tell outputs apart, short enough to read in a diff. */
    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
