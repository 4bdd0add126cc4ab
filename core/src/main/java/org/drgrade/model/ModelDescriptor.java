package org.drgrade.model;

import java.util.List;

/**
 * model.json: everything needed to grade an image with a trained model, and nothing that depends on
 * the run around it (the anchor is Spark MLlib's Model, which carries its fitted state and params).
 * Train writes it with the networks and the input contract; blend adds the fitted blender, decide
 * the chosen rule with its cut-points. {@code blender} and {@code decision} are null until those
 * stages ran.
 *
 * @param formatVersion {@link #FORMAT_VERSION}; a reader refuses a newer one rather than misread it
 * @param engine the engine whose checkpoint format the networks are in ({@code dl4j} or {@code
 *     torch}, see {@link org.drgrade.engine.Engine})
 * @param networks network files relative to the model directory, averaged at prediction
 * @param networkFolds for a cross-validated model (drgrade.train.folds = K > 1), the fold each
 *     network was trained without, in the order of {@code networks}: a labelled image of fold k is
 *     predicted by fold k's networks only (out of fold), any other image by all of them. Empty for
 *     a single-split model (and in model.json files written before folds existed)
 * @param patients the file, relative to the model directory, of the patients the networks were
 *     trained and validated on ({@link TrainedPatients}, with drgrade.train.folds); null in
 *     model.json files written before it was recorded, which warm start then refuses
 */
public record ModelDescriptor(
    int formatVersion,
    String engine,
    String created,
    InputContract input,
    ClassScheme classes,
    List<String> networks,
    List<Integer> networkFolds,
    TrainingRecord training,
    String patients,
    BlenderState blender,
    DecisionState decision) {

  public static final int FORMAT_VERSION = 1;
  public static final String DL4J = "dl4j";

  public ModelDescriptor {
    networks = List.copyOf(networks);
    networkFolds = networkFolds == null ? List.of() : List.copyOf(networkFolds);
    // (networks is empty in the descriptor handed to ModelStore.create, which names the files)
    if (!networkFolds.isEmpty() && !networks.isEmpty() && networkFolds.size() != networks.size()) {
      throw new IllegalArgumentException(
          networkFolds.size() + " network folds for " + networks.size() + " networks");
    }
  }

  /** The channel statistics network {@code index} was trained with, and predicts with. */
  public Standardisation standardisationOf(int index) {
    return crossValidated()
        ? input.standardisation(networkFolds.get(index))
        : input.standardisation();
  }

  /** True for a model of K cross-validation folds' networks. */
  public boolean crossValidated() {
    return !networkFolds.isEmpty();
  }

  public ModelDescriptor withBlender(BlenderState state) {
    return new ModelDescriptor(
        formatVersion,
        engine,
        created,
        input,
        classes,
        networks,
        networkFolds,
        training,
        patients,
        state,
        decision);
  }

  public ModelDescriptor withDecision(DecisionState state) {
    return new ModelDescriptor(
        formatVersion,
        engine,
        created,
        input,
        classes,
        networks,
        networkFolds,
        training,
        patients,
        blender,
        state);
  }

  /**
   * The network's output: one probability per DR grade 0-4; grades at or above referableFrom are
   * referable.
   */
  public record ClassScheme(String head, int classes, int referableFrom) {
    public static ClassScheme fiveGradeSoftmax() {
      return new ClassScheme(
          "softmax", org.drgrade.grading.Grades.COUNT, org.drgrade.grading.Grades.REFERABLE_MIN);
    }
  }

  /**
   * How training went, for a reader of the model who never saw the run. {@code trainOnlyImages}:
   * how many of the training images were training-only (drgrade.ingest.extra-images); {@code
   * classBalanceToward}: the final grade mix (grades 0-4, summing to 1) the class-balanced
   * resampling drew towards, null when it drew the training images' own mix; {@code warmStart}: the
   * model directory the networks started from ("" = random weights), which for a step of
   * drgrade.train.schedule is the previous step's model.
   */
  public record TrainingRecord(
      int epochs,
      long trainImages,
      long validationImages,
      List<Integer> networkEpochs,
      Double validationLogLoss,
      Double validationKappa,
      long referenceParams,
      long seed,
      long trainOnlyImages,
      double[] classBalanceToward,
      String warmStart) {}

  /**
   * The fitted eye blender: {@code method} network, linear or none; {@code ownWeight} the linear
   * blend's c; {@code network} the blend network's file (relative) when the method is network.
   */
  public record BlenderState(
      String method, double ownWeight, String network, int validationPatients) {}

  /**
   * The decision rule grade applies: {@code rule} a DecisionRule label; {@code cutPoints} the
   * expected-grade cut-points tuned on validation (used by tuned_cut_points); {@code seed} the
   * annealing seed. {@code perImage} false for rules that label a set as a whole (annealing,
   * exact).
   */
  public record DecisionState(
      String rule,
      double[] cutPoints,
      long seed,
      boolean perImage,
      String chosenBy,
      Double validationKappa) {}
}
