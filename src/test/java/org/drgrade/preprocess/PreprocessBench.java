package org.drgrade.preprocess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Micro benchmark over eyepacs-fullres, printing one JSON object: decode throughput at full and
 * reduced scale, cropper time per image, and whole-pipeline throughput.
 * Run after {@code mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) org.drgrade.preprocess.PreprocessBench [shared-dir]}.
 */
public final class PreprocessBench {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared", "data", "fundus", "eyepacs-fullres");
        List<byte[]> images;
        try (Stream<Path> files = Files.list(dir)) {
            images = files.sorted().map(SharedData::read).toList();
        }
        PreprocessConfig config = PreprocessConfig.defaults();
        AdaptiveCropper cropper = new AdaptiveCropper(config);
        for (int warm = 0; warm < 5; warm++) ImagePreprocessor.process(images.get(warm), config);

        long t0 = System.nanoTime();
        for (byte[] b : images) ReducedDecoder.decode(b, 1).close();
        long t1 = System.nanoTime();
        long cropNanos = 0;
        for (byte[] b : images) {
            int reduction = ImageHeader.probe(b).map(h -> ReducedDecoder.reductionFor(h, config.outputSize())).orElse(1);
            try (Mat m = ReducedDecoder.decode(b, reduction)) {
                long c0 = System.nanoTime();
                cropper.find(m);
                cropNanos += System.nanoTime() - c0;
            }
        }
        long t2 = System.nanoTime();
        for (byte[] b : images) ImagePreprocessor.process(b, config);
        long t3 = System.nanoTime();
        for (byte[] b : images) ImagePreprocessor.process(b, config.withReducedDecode(false));
        long t4 = System.nanoTime();
        int n = images.size();
        double decodeReducedNanos = (t2 - t1) - cropNanos;
        System.out.printf("{\"images\": %d, \"decode_full_images_per_s\": %.1f, \"decode_reduced_images_per_s\": %.1f,"
                        + " \"cropper_ms_per_image\": %.2f, \"pipeline_reduced_images_per_s\": %.1f,"
                        + " \"pipeline_full_images_per_s\": %.1f}%n",
                n, n / ((t1 - t0) / 1e9), n / (decodeReducedNanos / 1e9), cropNanos / 1e6 / n,
                n / ((t3 - t2) / 1e9), n / ((t4 - t3) / 1e9));
    }
}
