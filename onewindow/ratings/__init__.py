"""好差评 ratings, rectifications and appeals, section reviews (最难办事科室群众评)."""
