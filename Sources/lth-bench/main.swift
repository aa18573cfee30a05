import LinearAlgebra

BLASRuntime.ensureVectorKernels()
print("lth-bench: OpenBLAS core \(BLASRuntime.coreName)")
