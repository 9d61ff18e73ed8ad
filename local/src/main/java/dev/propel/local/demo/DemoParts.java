package dev.propel.local.demo;

import dev.propel.local.stack.LocalStack;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The parts of the demo that other modules provide: the traffic (the shop simulator), the dataset build request
 * (the datasets function's input), training and publishing (the model-builder), and the example API requests
 * (the serving contract).
 */
public record DemoParts(TrafficSource traffic, DatasetRequest datasets, ModelPublisher publisher,
        ApiExamples examples) {

    /** Generates the shop traffic. */
    @FunctionalInterface
    public interface TrafficSource {
        DemoTraffic generate(DemoSettings settings) throws Exception;
    }

    /** The event the dataset function is invoked with once preprocessing is done. */
    @FunctionalInterface
    public interface DatasetRequest {
        byte[] event(DemoTraffic traffic, Clock clock);

        /** What EventBridge sends on the hourly schedule. */
        static DatasetRequest scheduled() {
            return (traffic, clock) -> dev.propel.local.schedule.ScheduledEventDocument.of("us-east-1",
                    "000000000000", "propel-demo", clock.instant());
        }
    }

    /** Trains the models from the datasets in the stack's bucket and publishes them there. */
    @FunctionalInterface
    public interface ModelPublisher {
        List<PublishedModel> trainAndPublish(LocalStack stack, DemoTraffic traffic, Path workDir) throws Exception;
    }

    /** The example requests to {@code /predict}, {@code /rank} and {@code /decide}. */
    @FunctionalInterface
    public interface ApiExamples {
        List<ApiCall> calls(DemoTraffic traffic);
    }

    /** The parts wired to the real modules: the shop simulator, the datasets function and the model-builder. */
    public static DemoParts standard() {
        return ShopDemoParts.create();
    }
}
