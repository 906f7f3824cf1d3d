"""socket.io namespaces: thin handlers that parse, check, call an action and acknowledge."""
