package dev.tickrunner.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a storage port method that may be called again with the same effect (a repeated publish aside): the resilient
 * decorators ({@link StorageResilience#decorate}) retry it after a storage fault. Every method of a decorated port
 * carries this or {@link CalledOnce}; the decorators refuse a port method that carries neither, so the decision is
 * made once, on the method, and never by prose.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Idempotent {
}
