package dev.propel.functions.serving;

import dev.propel.core.model.ModelTask;
import dev.propel.functions.model.ModelRegistry;
import dev.propel.functions.model.ModelUnavailableException;
import dev.propel.functions.model.ServingModel;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies the experiments in force to one request: which model version, or which decision policy, the visitor's
 * variant serves. When a variant's model cannot be served the request gets what is in force and no variant, so
 * it is left out of the comparison instead of being counted in a variant it did not get.
 */
public final class ExperimentAssigner {
    private final ModelRegistry models;
    private final Supplier<Experiments> experiments;

    /**
     * @param models      the registry serving both latest and pinned versions
     * @param experiments the experiments in force (an {@link ExperimentStore}'s {@code current})
     */
    public ExperimentAssigner(ModelRegistry models, Supplier<Experiments> experiments) {
        this.models = models;
        this.experiments = experiments;
    }

    /** An assigner that runs no experiment. */
    public static ExperimentAssigner none(ModelRegistry models) {
        return new ExperimentAssigner(models, () -> Experiments.NONE);
    }

    /**
     * A model chosen for a request.
     *
     * @param model      the model to score with
     * @param assignment the variant that chose it, or null when no experiment applies
     */
    public record ModelChoice(ServingModel model, Assignment assignment) {
    }

    /**
     * What {@code /decide} follows for a request.
     *
     * @param policy     the decision policy
     * @param conversion the conversion model version to band with, or null for the latest
     * @param assignment the variant, or null when no experiment applies
     */
    public record DecideChoice(DecisionPolicy policy, String conversion, Assignment assignment) {
    }

    /** The model of {@code task} for a visitor ({@code unit} from {@link Experiments#unitOf}; null = unknown). */
    public ModelChoice model(String task, String unit) {
        Optional<Experiments.Experiment> experiment = unit == null ? Optional.empty()
                : experiments.get().forTask(task);
        if (experiment.isEmpty()) {
            return new ModelChoice(models.current(task), null);
        }
        Experiments.Variant v = experiment.get().assign(unit);
        Assignment assignment = new Assignment(experiment.get().id(), v.name());
        if (v.modelVersion() == null) {
            return new ModelChoice(models.current(task), assignment);
        }
        try {
            return new ModelChoice(models.version(task, v.modelVersion()), assignment);
        } catch (ModelUnavailableException e) {
            return new ModelChoice(models.current(task), null); // logged by the registry
        }
    }

    /**
     * The visitor's variant of the experiment on {@code task}, without loading its model (for answers that the
     * task's model did not produce, so every answer to a visitor carries the visitor's one variant).
     */
    public Assignment assignment(String task, String unit) {
        Optional<Experiments.Experiment> experiment = unit == null ? Optional.empty()
                : experiments.get().forTask(task);
        return experiment.map(e -> new Assignment(e.id(), e.assign(unit).name())).orElse(null);
    }

    /** The policy and conversion model {@code /decide} follows for a visitor. */
    public DecideChoice decide(DecisionPolicy inForce, String unit) {
        Optional<Experiments.Experiment> experiment = unit == null ? Optional.empty()
                : experiments.get().forDecide();
        if (experiment.isEmpty()) {
            return new DecideChoice(inForce, null, null);
        }
        Experiments.Variant v = experiment.get().assign(unit);
        Assignment assignment = new Assignment(experiment.get().id(), v.name());
        if (experiment.get().target().equals(Experiments.POLICY_TARGET)) {
            return new DecideChoice(v.policy() == null ? inForce : v.policy(), null, assignment);
        }
        if (v.modelVersion() == null) {
            return new DecideChoice(inForce, null, assignment);
        }
        try {
            models.version(ModelTask.CONVERSION.id(), v.modelVersion());
            return new DecideChoice(inForce, v.modelVersion(), assignment);
        } catch (ModelUnavailableException e) {
            return new DecideChoice(inForce, null, null);
        }
    }

    /** The conversion model a decide choice names. */
    ServingModel conversionModel(DecideChoice choice) {
        return choice.conversion() == null ? models.current(ModelTask.CONVERSION.id())
                : models.version(ModelTask.CONVERSION.id(), choice.conversion());
    }
}
