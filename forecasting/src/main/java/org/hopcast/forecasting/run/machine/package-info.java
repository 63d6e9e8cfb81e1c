/** Facts about the machine and the build that a run records: versions and source commit, threads, devices. */
package org.hopcast.forecasting.run.machine;
