class PronosticsError(Exception):
    """A write refused, with the French sentence that tells the user why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
