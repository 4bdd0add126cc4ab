package org.drgrade.engine.dl4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.gpu.CudaKernels;
import org.drgrade.io.Json;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * submit/gpu-smoke.sh's check: which ND4J backend this JVM loaded and on which devices, whether the
 * build's kernels run on them, then a few minibatches of the grading network at 448 px, printed as
 * one JSON object. Exit 0 = trained; 3 = a GPU the build has no kernels for (the line says which).
 *
 * <p>{@code java ... org.drgrade.gpu.GpuSmoke [size] [batch] [timed minibatches]}
 */
public final class GpuSmoke {
  private GpuSmoke() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : NetworkSpec.REFERENCE_INPUT;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int timed = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Map<String, Object> out = new LinkedHashMap<>();
    Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
    String backend = Nd4jBackends.backend();
    List<Nd4jBackends.Device> devices = Nd4jBackends.devices(env);
    out.put("backend", backend);
    out.put("backend_class", Nd4j.getBackend().getClass().getName());
    out.put(
        "devices",
        devices.stream()
            .map(
                d ->
                    Map.of(
                        "index",
                        d.index(),
                        "name",
                        d.name(),
                        "compute_capability",
                        d.capability().toString()))
            .toList());
    out.put(
        "kernels",
        CudaKernels.ND4J_CUDA_11_6.build() + ": " + CudaKernels.ND4J_CUDA_11_6.supported());
    Optional<String> problem = Nd4jBackends.problem(devices, CudaKernels.ND4J_CUDA_11_6);
    if (problem.isPresent()) {
      out.put("supported", false);
      out.put("reason", problem.get());
      System.out.println(Json.pretty(out));
      System.err.println("drgrade: " + problem.get());
      System.exit(3);
    }
    out.put("supported", true);

    MultiLayerNetwork net = NetworkFactory.build(NetworkSpec.reference().withInputSize(size));
    INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, NetworkSpec.CLASSES);
    for (int n = 0; n < batch; n++) {
      labels.putScalar(n, n % NetworkSpec.CLASSES, 1f);
    }
    DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, batch, 3, size, size), labels);
    net.fit(data); // warm-up: workspaces, cuDNN/oneDNN algorithm choice
    long t0 = System.nanoTime();
    for (int i = 0; i < timed; i++) {
      net.fit(data);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.put("size", size);
    out.put("batch", batch);
    out.put("timed_minibatches", timed);
    out.put("seconds", seconds);
    out.put("train_images_per_s", timed * batch / seconds);
    out.put("score", net.score());
    System.out.println(Json.pretty(out));
  }
}
