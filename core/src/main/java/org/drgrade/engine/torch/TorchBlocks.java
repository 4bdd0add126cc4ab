package org.drgrade.engine.torch;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import org.drgrade.engine.NetworkSpec;
import org.drgrade.engine.dl4j.NetworkFactory;

/**
 * docs/method.md's network as DJL blocks, layer for layer what {@link NetworkFactory} builds for
 * DL4J: nine 3x3 convs (stride 1, padding 1, bias) each with batch norm and ReLU, six max pools
 * 3x3/2 padded by 1 (ceil(n/2), so 448 ends at 7x7 as DL4J's Same mode does), dropout, FC1(96) with
 * batch norm and ReLU, FC2 (5 units, or 1 under {@link OutputHead#REGRESSION}). With {@link
 * NetworkSpec#leakyReluSlope()} above 0 each ReLU is a leaky ReLU of that negative-side slope; 0
 * builds exactly the plain ReLUs. The softmax (or the squared error) is in the loss and in {@link
 * TorchNetwork#predict}. Every size and constant comes from {@link NetworkSpec}.
 */
final class TorchBlocks {
  private TorchBlocks() {}

  static SequentialBlock build(NetworkSpec spec) {
    SequentialBlock net = new SequentialBlock();
    int[] filters = NetworkSpec.convFilters();
    for (int i = 0; i < filters.length; i++) {
      net.add(
          Conv2d.builder()
              .setKernelShape(new Shape(NetworkSpec.KERNEL, NetworkSpec.KERNEL))
              .optStride(new Shape(1, 1))
              .optPadding(new Shape(1, 1))
              .setFilters(filters[i])
              .build());
      net.add(batchNorm());
      net.add(relu(spec));
      if (NetworkSpec.poolAfter(i)) {
        net.add(
            Pool.maxPool2dBlock(
                new Shape(NetworkSpec.KERNEL, NetworkSpec.KERNEL),
                new Shape(2, 2),
                new Shape(1, 1)));
      }
    }
    net.add(Blocks.batchFlattenBlock());
    net.add(Dropout.builder().optRate((float) spec.dropProbability()).build());
    net.add(Linear.builder().setUnits(NetworkSpec.FC1_UNITS).build());
    net.add(batchNorm());
    net.add(relu(spec));
    net.add(Linear.builder().setUnits(spec.head().outputs()).build());
    return net;
  }

  private static Block batchNorm() {
    return BatchNorm.builder()
        .optMomentum((float) NetworkSpec.BATCH_NORM_DECAY)
        .optEpsilon((float) NetworkSpec.BATCH_NORM_EPSILON)
        .build();
  }

  private static Block relu(NetworkSpec spec) {
    return spec.leakyRelu()
        ? Activation.leakyReluBlock((float) spec.leakyReluSlope())
        : Activation.reluBlock();
  }
}
