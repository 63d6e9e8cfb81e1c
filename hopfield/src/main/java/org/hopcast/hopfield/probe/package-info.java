/** Activation probes on Hopfield blocks by stable layer path, and the recorders that summarise what they see. */
package org.hopcast.hopfield.probe;
