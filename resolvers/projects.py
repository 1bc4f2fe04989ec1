"""Root field listing the project register (O3, P1, P4): `projects`, newest start first by default."""

import strawberry

from graph import projects as g
from resolvers.record_lists import record_field
from schema.common import Connection
from schema.projects import ListedProject, ProjectFilter


@strawberry.type
class ProjectQuery:
    projects: Connection[ListedProject] = record_field(
        g.projects,
        ListedProject,
        ProjectFilter,
        "O3, P1, P4: projects of the register (项目库), each with its disbursements and the number of "
        "households it benefits today; sorted by 开工日期.",
    )
