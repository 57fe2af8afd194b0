package dev.tickrunner.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a storage port method that is not idempotent (a second call after a lost reply would move, add or count
 * something twice): the resilient decorators call it once through the circuit breakers and never retry it. See
 * {@link Idempotent}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CalledOnce {
}
