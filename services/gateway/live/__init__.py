"""Live updates: the ``projectEvents`` subscription over graphql-transport-ws at
``/graphql``, fed by the services' change feeds (``GET /v1/events``).

Each gateway process tails the three feeds itself (one long-polling task per service, while
it has subscribers) and fans their events out to its own subscribers, so every replica
serves its websockets without talking to the others."""
