package org.drgrade.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class of the integration lane: clusters (standalone, YARN), child JVMs and
 * processes, crash and resume, the browser, whole-pipeline runs and training that must learn. They
 * run in {@code mvn verify} (Failsafe), not in the fast lane of {@code mvn test} (Surefire), which
 * excludes this tag; a class without it is a unit or single-stage test and belongs to the fast
 * lane.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(IntegrationTest.TAG)
public @interface IntegrationTest {
  /** The JUnit tag both lanes filter on (named in the pom). */
  String TAG = "integration";
}
