package org.drgrade.engine;

import java.util.List;

/**
 * The grading network of docs/method.md as one engine runs it. Everything the pipeline does with a
 * network goes through here, so Spark code never knows which engine it drives: fit minibatches,
 * expose parameters and optimiser state as flat arrays (for parameter averaging), keep the epoch
 * that drives the learning-rate plan, save and load checkpoints, and predict. Not thread-safe.
 */
public interface GradingNetwork extends AutoCloseable {

  Engine engine();

  /** The last layer and loss this network was built with (kept in its checkpoints). */
  OutputHead head();

  /**
   * One optimiser step on {@code batch}; returns the minibatch's mean loss before the step:
   * log-loss, or squared error under {@link OutputHead#REGRESSION}.
   */
  double fit(Minibatch batch);

  /**
   * Grade probabilities [N][5] in inference mode (running batch-norm statistics, no dropout): the
   * softmax, or under {@link OutputHead#REGRESSION} the {@link org.drgrade.grading.RegressedGrade}
   * distribution around each regressed grade.
   */
  float[][] predict(Minibatch batch);

  /**
   * Every value the network keeps between steps except the optimiser's: weights, biases, batch-norm
   * scale and shift and its running statistics. Averaged together under parameter averaging.
   */
  float[] parameters();

  void setParameters(float[] values);

  /** The optimiser's state (Nesterov momentum per trainable value). */
  float[] updaterState();

  void setUpdaterState(float[] values);

  /**
   * Writes {@link #parameters()} then {@link #updaterState()} into the start of {@code into}: the
   * state parameter averaging sums every round, copied straight from the engine's tensors into the
   * caller's buffer, without building either array.
   */
  void copyState(float[] into);

  /**
   * Sets the parameters and the optimiser state from the start of {@code from}, laid out as {@link
   * #copyState} writes them (later values are ignored).
   */
  void setState(float[] from);

  /** Epochs completed: the learning rate is the plan's rate at this epoch. */
  int epoch();

  void setEpoch(int epoch);

  /** Optimiser steps taken so far. */
  long iterations();

  void setIterations(long iterations);

  /**
   * Progressive resizing (o_O, Kaggle 2015: 128 -> 256 -> 512 px): copies from {@code source}, a
   * network of the same engine and layers trained at another input size, every parameter tensor
   * whose name and shape match this network's, and returns the names of those copied. The convs'
   * and batch norms' tensors carry over; FC1's weight, whose input grows with the image, keeps its
   * fresh initialisation. The optimiser state and counters are not copied: training starts over.
   */
  List<String> warmStartFrom(GradingNetwork source);

  /** The checkpoint: spec, parameters, optimiser state and counters, in the engine's format. */
  byte[] toBytes();

  @Override
  void close();
}
