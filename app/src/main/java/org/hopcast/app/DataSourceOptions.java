package org.hopcast.app;

import java.nio.file.Path;
import java.util.List;

import org.hopcast.datasets.DataRequest;
import org.hopcast.datasets.FillMethod;
import org.hopcast.datasets.ReadOptions;
import org.hopcast.datasets.SplitProtocol;
import org.hopcast.datasets.WindowSpec;

import picocli.CommandLine.Option;

/** The options that choose and read a series file, shared by every command that takes data. */
public final class DataSourceOptions {
    @Option(names = "--input", paramLabel = "FILE", description = "A CSV file (.csv or .csv.gz) of series.")
    Path input;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "A known benchmark set: ETTh1, ETTh2, ETTm1, ETTm2, WTH, ECL, ILI, Traffic, Exchange."
                    + " With neither --input nor --dataset, the built-in ETTh1 is used.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "A folder to look for --dataset files in (repeatable; also $HOPCAST_DATA_DIR and"
                    + " ~/.hopcast/datasets).")
    List<Path> dataDirs;

    @Option(names = "--time-column", paramLabel = "NAME",
            description = "The time column, or 'none'. Default: a column named date/time/timestamp/datetime,"
                    + " else the first column.")
    String timeColumn;

    @Option(names = "--columns", paramLabel = "A,B,...", split = ",",
            description = "The series to use, in this order. Default: every column but the time column.")
    List<String> columns;

    @Option(names = "--delimiter", paramLabel = "CHAR",
            description = "Field delimiter. Default: detected (comma, semicolon or tab).")
    Character delimiter;

    @Option(names = "--fill", paramLabel = "METHOD", defaultValue = "none",
            description = "Empty/NaN/Inf cells: none (refuse the file, default), forward or linear.")
    String fill;

    @Option(names = "--split", paramLabel = "PROTOCOL",
            description = "ett-hour, ett-minute, wth, ecl, ratio, ratio:TRAIN,VAL,TEST or rows:TRAIN,VAL,TEST."
                    + " Default: the dataset's own protocol; ratio (0.7/0.1/0.2) for other files.")
    String split;

    /** The request these options describe, with the given window lengths. */
    public DataRequest toRequest(WindowSpec window) {
        if (input != null && dataset != null) {
            throw new HopcastCli.UserError("give either --input or --dataset, not both");
        }
        ReadOptions read = ReadOptions.builder().optTimeColumn(timeColumn).optColumns(columns)
                .optDelimiter(delimiter).optFill(FillMethod.parse(fill)).build();
        return new DataRequest(input, dataset, dataDirs, read, split == null ? null : SplitProtocol.parse(split),
                window);
    }
}
