/**
 * The records that cross tickrunner's modules, and nothing else: {@link dev.tickrunner.model.UserTicket} (queue →
 * coordinator), {@link dev.tickrunner.model.RuntimeData} (storage → sandbox) and
 * {@link dev.tickrunner.model.TickResult} (sandbox → storage). They carry no behaviour; the sandbox and the storage
 * adapters only ever meet through them.
 */
package dev.tickrunner.model;
