/** The op trace: the matrix products and separations a layer ran, with their shapes, and their timed replay. */
package org.hopcast.hopfield.trace;
