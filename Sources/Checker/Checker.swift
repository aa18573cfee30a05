/// The Checker: experiments that put the theorems (Bounds) beside runs (Engine).
public enum Checker {}
