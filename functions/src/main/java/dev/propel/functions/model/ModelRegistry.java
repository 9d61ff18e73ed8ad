package dev.propel.functions.model;

import dev.propel.core.layout.S3Layout;
import dev.propel.core.log.JsonLog;
import dev.propel.core.model.ModelManifest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The models a function serves, by task, kept fresh on the request path: at most once every refresh interval a
 * request pays for a HEAD of {@code models/<task>/latest.json}; when its ETag changed, the new version is loaded
 * beside the old one and swapped in atomically. A model that fails to load is logged and the old one kept. With no
 * model at all the registry answers {@link ModelUnavailableException} (a 503) and retries at the next interval,
 * instead of failing the container.
 */
public final class ModelRegistry implements AutoCloseable {
    /** Caller-named generic models get a slot each; this bounds what a caller can make us track. */
    static final int MAX_MODELS = 64;
    /** Versions pinned by experiments' variants that one function keeps loaded beside the latest ones. */
    static final int MAX_PINNED = 8;

    private final ModelLoader loader;
    private final Duration refreshInterval;
    private final LongSupplier nanoClock;
    private final JsonLog log;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ServingModel> pinned = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> pinFailedAt = new ConcurrentHashMap<>();

    public ModelRegistry(ModelLoader loader, Duration refreshInterval, JsonLog log) {
        this(loader, refreshInterval, System::nanoTime, log);
    }

    ModelRegistry(ModelLoader loader, Duration refreshInterval, LongSupplier nanoClock, JsonLog log) {
        this.loader = loader;
        this.refreshInterval = refreshInterval;
        this.nanoClock = nanoClock;
        this.log = log;
    }

    /**
     * The model serving a task now.
     *
     * @throws ModelUnavailableException when there is no usable model for it
     */
    public ServingModel current(String task) {
        Slot slot = refreshed(task);
        ServingModel model = slot.model;
        if (model == null) {
            throw new ModelUnavailableException(task, slot.failure);
        }
        return model;
    }

    /**
     * The model serving a task, without throwing: empty when it has none. No exception is built on the way, since
     * optional models (the reranker) are looked up on every request.
     */
    public Optional<ServingModel> find(String task) {
        if (!slots.containsKey(task) && slots.size() >= MAX_MODELS) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(refreshed(task).model);
        } catch (ModelUnavailableException e) {
            return Optional.empty(); // a concurrent lookup took the last slot
        }
    }

    /**
     * A published version of a task, as an experiment's variant names it: the latest model when it is that
     * version, else {@code models/<task>/<version>/model.onnx}, loaded once and kept (a version's files never
     * change). A version that failed to load is retried after the refresh interval, not on every request.
     *
     * @throws ModelUnavailableException when that version cannot be served
     */
    public ServingModel version(String task, String version) {
        Optional<ServingModel> latest = find(task);
        if (latest.isPresent() && latest.get().version().equals(version)) {
            return latest.get();
        }
        String key = task + "/" + version;
        ServingModel model = pinned.get(key);
        if (model != null) {
            return model;
        }
        synchronized (pinned) {
            model = pinned.get(key);
            if (model != null) {
                return model;
            }
            Long failed = pinFailedAt.get(key);
            if (failed != null && nanoClock.getAsLong() - failed < refreshInterval.toNanos()) {
                throw new ModelUnavailableException(task, "version " + version + " failed to load recently");
            }
            if (pinned.size() >= MAX_PINNED) {
                throw new ModelUnavailableException(task, "this function already keeps " + MAX_PINNED
                        + " experiment versions");
            }
            String prefix = S3Layout.modelPrefix(task, version);
            try {
                // No per-version manifest exists: the model's own metadata carries its feature schema version.
                model = loader.load(new ModelManifest(task, version, prefix + "model.onnx", prefix + "report.json",
                        null, 0, null));
            } catch (RuntimeException e) {
                pinFailedAt.put(key, nanoClock.getAsLong());
                log.error("experiment model unavailable").with("task", task).with("model_version", version)
                        .with("reason", e.getMessage()).log();
                throw e instanceof ModelUnavailableException m ? m : new ModelUnavailableException(task, e.toString());
            }
            pinFailedAt.remove(key);
            pinned.put(key, model);
            log.info("experiment model loaded").with("task", task).with("model_version", version).log();
            return model;
        }
    }

    /** The task's slot, checked against its manifest when the refresh interval has passed. */
    private Slot refreshed(String task) {
        Slot slot = slots.get(task);
        if (slot == null) {
            if (slots.size() >= MAX_MODELS) {
                throw new ModelUnavailableException(task, "this function already serves " + MAX_MODELS + " models");
            }
            slot = slots.computeIfAbsent(task, t -> new Slot(t, new RefreshGate(refreshInterval, nanoClock)));
        }
        Slot loaded = slot;
        slot.gate.refreshIfDue(() -> check(loaded));
        return slot;
    }

    /** Makes the next request of every task check its manifest (after a SnapStart restore the snapshot is old). */
    public void checkOnNextRequest() {
        for (Slot slot : slots.values()) {
            slot.gate.dueNow();
        }
    }

    private void check(Slot slot) {
        long started = System.nanoTime();
        ServingModel current = slot.model;
        try {
            Optional<String> etag = loader.manifestETag(slot.task);
            if (etag.isEmpty()) {
                if (current == null) {
                    slot.failure = "no model published (models/" + slot.task + "/latest.json does not exist)";
                    log.warn("model unavailable").with("task", slot.task).with("reason", slot.failure).log();
                } else {
                    log.warn("manifest disappeared, keeping loaded model").with("task", slot.task)
                            .with("model_version", current.version()).log();
                }
                return;
            }
            if (etag.get().equals(slot.etag)) {
                return;
            }
            Optional<ModelManifest> manifest = loader.manifest(slot.task);
            if (manifest.isEmpty()) {
                return;
            }
            if (current != null && current.version().equals(manifest.get().version())) {
                slot.etag = etag.get();
                return;
            }
            ServingModel fresh = loader.load(manifest.get());
            slot.etag = etag.get();
            swap(slot, fresh);
            log.info("model loaded").with("task", slot.task).with("model_version", fresh.version())
                    .with("previous_version", current == null ? null : current.version())
                    .with("load_ms", (System.nanoTime() - started) / 1_000_000).log();
        } catch (RuntimeException e) {
            String reason = e instanceof ModelUnavailableException ? stripPrefix(e.getMessage()) : e.toString();
            if (current == null) {
                slot.failure = reason;
                log.error("model unavailable").with("task", slot.task).with("reason", reason).log();
            } else {
                log.error("new model rejected, keeping loaded model").with("task", slot.task)
                        .with("model_version", current.version()).with("reason", reason).log();
            }
        }
    }

    private static void swap(Slot slot, ServingModel fresh) {
        // The replaced model may still be in a concurrent request (local stack); it is closed one swap later.
        ServingModel retiredEarlier = slot.retired;
        slot.retired = slot.model;
        slot.model = fresh;
        slot.failure = null;
        if (retiredEarlier != null) {
            retiredEarlier.close();
        }
    }

    private static String stripPrefix(String message) {
        int i = message.indexOf(": ");
        return i >= 0 && message.startsWith("model '") ? message.substring(i + 2) : message;
    }

    @Override
    public void close() {
        for (Slot slot : slots.values()) {
            // the gate's lock is the one a refresh holds while it swaps the slot's models
            synchronized (slot.gate) {
                if (slot.model != null) {
                    slot.model.close();
                }
                if (slot.retired != null) {
                    slot.retired.close();
                }
            }
        }
        slots.clear();
        synchronized (pinned) {
            pinned.values().forEach(ServingModel::close);
            pinned.clear();
        }
    }

    /** What the registry knows about one task. */
    private static final class Slot {
        final String task;
        volatile ServingModel model;
        volatile String failure = "not loaded yet";
        final RefreshGate gate;
        String etag;
        ServingModel retired;

        Slot(String task, RefreshGate gate) {
            this.task = task;
            this.gate = gate;
        }
    }
}
