/**
 * What every part of a Hopfield layer uses: scalar arithmetic on arrays, scopes for arrays made in a step, gradient
 * mode, row views, timing, initialisation, the MT19937 generator and inverted dropout, and the system properties that
 * choose a kernel.
 */
package org.hopcast.hopfield.ops;
