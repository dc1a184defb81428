// The core test kit (manual clock, `utc`, temporary directories) comes with this one.
@_exported import HuddleCoreTesting
