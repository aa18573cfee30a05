/// Every quantity of Theorems A-C for one set of inputs, with the sentences that explain
/// the vacuous cases. Rendered by `BoundsReport+JSON.swift` and `BoundsReport+Table.swift`.
public struct BoundsReport: Sendable {
    /// Where lambda_0 came from.
    public enum Lambda0Source: Sendable, Equatable {
        /// Given by the user, taken as a lower bound on lambda_min(Hinf).
        case given
        /// Computed from data: the estimate lambda-hat and the certified lower bound the theorems use.
        case data(estimate: Double, certifiedLower: Double)
    }

    public struct Request: Sendable {
        /// The parameters; `parameters.lambda0` is the value the theorems use (the certified
        /// lower bound when computed from data).
        public var parameters: NetworkParameters
        public var lambda0Source: Lambda0Source
        /// k, when given.
        public var subnetworkSize: Int?
        /// eps in `lossConvention`, when given.
        public var epsilon: Double?
        public var lossConvention: LossConvention
        /// sigma_max(X) of the data (upper bound), when data was given.
        public var largestSingularValue: Double?
        /// A measured diameter D to use instead of the a priori bound, when given.
        public var measuredDiameter: Double?
        /// Provenance of the data, when data was given.
        public var dataDescription: String?

        public init(parameters: NetworkParameters, lambda0Source: Lambda0Source = .given, subnetworkSize: Int? = nil,
                    epsilon: Double? = nil, lossConvention: LossConvention = .sum, largestSingularValue: Double? = nil,
                    measuredDiameter: Double? = nil, dataDescription: String? = nil) {
            self.parameters = parameters
            self.lambda0Source = lambda0Source
            self.subnetworkSize = subnetworkSize
            self.epsilon = epsilon
            self.lossConvention = lossConvention
            self.largestSingularValue = largestSingularValue
            self.measuredDiameter = measuredDiameter
            self.dataDescription = dataDescription
        }
    }

    public let request: Request
    public let theoremA: TheoremA
    public let aPrioriDiameter: APrioriDiameter
    public let theoremC: TheoremC
    /// H_k, when k was given.
    public let harmonicK: Double?
    /// D^2 H_k / (2k) in the request's loss convention, when k was given.
    public let greedyTerm: Double?
    /// t_star(eps, k), when both were given.
    public let threshold: TheoremC.Threshold?
    /// The smallest k with a threshold, when eps was given.
    public let smallestSubnetworkSize: TheoremC.SmallestSubnetworkSize?
    /// Plain sentences: provenance, conventions, and why a quantity is missing.
    public let notes: [String]

    public init(_ request: Request) throws {
        self.request = request
        let parameters = request.parameters
        let m = parameters.samples
        if let k = request.subnetworkSize, k < 1 {
            throw BoundsError.invalidParameter(.subnetworkSize, value: "\(k)", allowed: "an integer k >= 1")
        }
        if let eps = request.epsilon, !(eps.isFinite && eps > 0) {
            throw BoundsError.invalidParameter(.epsilon, value: "\(eps)", allowed: "a number > 0")
        }
        theoremA = try TheoremA(parameters)
        aPrioriDiameter = try APrioriDiameter(theoremA, largestSingularValue: request.largestSingularValue)
        let diameter = request.measuredDiameter ?? aPrioriDiameter.diameter
        theoremC = try TheoremC(theoremA, diameter: diameter,
                                diameterSource: request.measuredDiameter == nil ? .aPriori : .measured)
        var notes: [String] = []
        if let description = request.dataDescription { notes.append("data: \(description)") }
        switch request.lambda0Source {
        case .given:
            notes.append("lambda0 = \(format(parameters.lambda0)) was given and is taken as a lower bound on lambda_min(Hinf)")
        case let .data(estimate, certified):
            notes.append("lambda0 computed from the data: lambda_min(Hinf) = \(format(estimate)); the theorems use the certified lower bound \(format(certified))")
        }
        if parameters.learningRate == nil { notes.append("eta not given: eta = eta_max = \(format(theoremA.etaMax))") }
        notes.append("losses are \(request.lossConvention == .sum ? "sums l = 1/2 ||u - y||^2" : "per-sample means l/m = 1/(2m) ||u - y||^2"); B bounds ||u(0) - y||^2")
        notes.append(request.measuredDiameter == nil
            ? "D is the a priori bound 2 sqrt(N) sigma_max(X) (kappa q + R'), sigma_max(X) \(request.largestSingularValue == nil ? "bounded by sqrt(m)" : "from the data")"
            : "D = \(format(diameter)) was given (measured)")
        if !theoremA.widthOK {
            notes.append("width N = \(parameters.width) is below N_req = \(format(theoremA.widthRequired)) (a factor \(format(theoremA.widthRequired / Double(parameters.width))) short): Theorem A's guarantee does not apply")
        }
        if !theoremA.etaOK {
            notes.append("eta = \(format(theoremA.eta)) exceeds eta_max = \(format(theoremA.etaMax)) (by a factor \(format(theoremA.eta / theoremA.etaMax))): Theorem A's guarantee does not apply")
        }
        if let k = request.subnetworkSize {
            harmonicK = try SpecialFunctions.harmonicNumber(Double(k))
            greedyTerm = request.lossConvention.fromSum(try theoremC.greedyTerm(subnetworkSize: k), samples: m)
        } else {
            harmonicK = nil
            greedyTerm = nil
        }
        if let eps = request.epsilon {
            let epsilonSum = request.lossConvention.toSum(eps, samples: m)
            let smallest = try theoremC.smallestSubnetworkSize(epsilon: epsilonSum)
            smallestSubnetworkSize = smallest
            if smallest.exceedsIntegerPrecision {
                notes.append("k_min = \(format(smallest.exact)) exceeds 2^53, the end of float64's exact integers: it is the real root of ln k + gamma_E = 2 eps k / D^2 rounded up, not an exact integer")
            }
            if let k = request.subnetworkSize {
                let t = try theoremC.threshold(epsilon: epsilonSum, subnetworkSize: k)
                threshold = t
                if let iterations = t.iterations, iterations > TheoremC.largestExactInteger {
                    notes.append("t_star = \(format(iterations)) exceeds 2^53, the end of float64's exact integers: it is the closed form's real value rounded up, not an exact integer")
                }
                if case let .none(reason) = t, theoremA.hypothesesHold {
                    notes.append(request.lossConvention == .mean ? reason + " (sum convention, eps = m * eps_bar)" : reason)
                } else if !theoremA.hypothesesHold {
                    notes.append("no threshold: Theorem A's hypotheses do not hold (see above), so the theorem implies none")
                } else if request.lossConvention == .mean {
                    notes.append("t_star uses the per-sample target eps_bar = \(format(eps)), i.e. the sum target m eps_bar = \(format(epsilonSum)): the log m growth cancels")
                } else {
                    notes.append("t_star uses the sum-loss target eps = \(format(eps)): through log B, with B linear in m, it grows like log m at fixed eta and lambda0")
                }
            } else {
                threshold = nil
                notes.append("t_star needs the subnetwork size k")
            }
        } else {
            smallestSubnetworkSize = nil
            threshold = nil
            notes.append("t_star and k_min need the target loss epsilon")
        }
        self.notes = notes
    }
}
