package dev.orderflow.messaging.benchmark;

import dev.orderflow.stack.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link MessagingBenchmark}, one by one. Runs only with -Dbenchmark=true. */
@QuarkusTest
@TestProfile(MessagingBenchmark.OneByOne.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.DATABASE, value = "messaging"),
        @ResourceArg(name = LocalStackResource.TOPICS, value = "platform-probe,benchmark-raw")})
class OneByOneMessagingBenchmark extends MessagingBenchmark.Run {

    @Test
    void oneByOne() throws Throwable {
        measure("one by one", MessagingBenchmark.ONE_BY_ONE_EVENTS);
    }
}
