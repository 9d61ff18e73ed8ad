package dev.propel.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The repository template sends every asynchronous function's failed events to the on-failure queue. */
class AsyncFailureTemplateTest {
    private final TemplateReader reader = new TemplateReader(PseudoParameters.local());

    @Test
    void everyAsynchronousFunctionHasTwoRetriesAndTheOnFailureQueue() throws IOException {
        SamTemplate t = reader.read(Path.of("../template.yaml"));
        for (String id : List.of("PreprocessFunction", "BuildDatasetsFunction", "GrowthReportFunction",
                "ReconcileFunction")) {
            FunctionDefinition f = t.function(id).orElseThrow();
            assertEquals(new EventInvokeSettings(2, "AsyncFailuresQueue"), f.eventInvoke(), id);
        }
        FunctionDefinition reconcile = t.function("ReconcileFunction").orElseThrow();
        assertEquals("dev.propel.functions.reconcile.ReconcileHandler", reconcile.handlerClass());
        assertFalse(reconcile.schedules().isEmpty(), "reconciliation runs on a schedule");
    }

    @Test
    void withoutEventInvokeConfigLambdaRetriesTwiceAndDrops() throws IOException {
        String yaml = "Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: a.B}\n"
                + "  G:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.B\n"
                + "      EventInvokeConfig: {MaximumRetryAttempts: 0, DestinationConfig: {OnFailure:"
                + " {Type: SQS, Destination: {\"Fn::GetAtt\": [Q, Arn]}}}}\n";
        SamTemplate t = reader.read(new StringReader(yaml));
        assertEquals(EventInvokeSettings.DEFAULT, t.function("F").orElseThrow().eventInvoke());
        assertEquals(new EventInvokeSettings(0, "Q"), t.function("G").orElseThrow().eventInvoke());
    }
}
