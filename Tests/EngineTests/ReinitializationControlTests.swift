import Testing
@testable import Engine

/// The random-reinitialization control of IMP: the same mask as the IMP subnetwork, the kept
/// weights taken from a fresh initialization instead of the rewound W(t).
@Suite struct ReinitializationControlTests {
    @Test func reinitializationTrainsTheIMPMaskOnFreshWeights() throws {
        let config = PruningFixtures.configuration(iterations: 24, momentum: 0.9)
        let imp = IMPConfiguration(training: config, densities: [0.5, 0.25], rewindIterations: [0, 8], controls: true)
        let runner = IterativeMagnitudePruning(configuration: imp, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test)
        let seed: UInt64 = 4
        let trainer = SparseTrainer(configuration: config, trainingSet: PruningFixtures.train, testSet: PruningFixtures.test)
        let fresh = trainer.initialNetwork(seed: SeededGenerator.derivedSeed(seed, stream: IterativeMagnitudePruning.reinitializationStream))
        let original = trainer.initialNetwork(seed: seed)
        #expect(PruningFixtures.bits(fresh) != PruningFixtures.bits(original))
        for run in try runner.run(seed: seed) {
            #expect(run.levels[0].reinitializationTestAccuracy == nil)
            for k in 1..<run.levels.count {
                let mask = run.masks[k]
                // Same mask as the ticket, fresh kept weights, trained from t to T with the same data order.
                let control = try trainer.train(from: mask.applied(to: fresh), at: run.rewindIteration, mask: mask, dataOrderSeed: seed)
                #expect(run.levels[k].reinitializationTestAccuracy == control.testAccuracy)
                // The ticket itself starts from the rewound weights: a different start under the same mask.
                #expect(PruningFixtures.bits(mask.applied(to: fresh)) != PruningFixtures.bits(mask.applied(to: run.rewoundWeights)))
            }
        }
    }
}
