"""initial schema

Revision ID: 0001
Revises: 
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('corrections',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('a', sa.Text(), nullable=False),
    sa.Column('b', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_corrections'))
    )
    op.create_table('entities',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('country', sa.String(length=120), nullable=True),
    sa.Column('parent', sa.String(length=120), nullable=True),
    sa.Column('tickers', sa.JSON(), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('reviewed', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('origin', sa.String(length=16), server_default='vocab', nullable=False),
    sa.Column('merged_into', sa.String(length=120), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities'))
    )
    op.create_table('entity_aliases',
    sa.Column('alias_key', sa.String(length=300), nullable=False),
    sa.Column('entity_id', sa.String(length=120), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('alias_key', 'entity_id', name=op.f('pk_entity_aliases'))
    )
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.create_index('ix_entity_aliases_entity_id', ['entity_id'], unique=False)

    op.create_table('ingest_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('run_id', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ingest_log'))
    )
    with op.batch_alter_table('ingest_log', schema=None) as batch_op:
        batch_op.create_index('ix_ingest_log_run_id', ['run_id'], unique=False)

    op.create_table('sources',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), server_default='unknown', nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('name', name=op.f('uq_sources_name'))
    )
    op.create_table('watchlists',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('query', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watchlists')),
    sa.UniqueConstraint('name', name=op.f('uq_watchlists_name'))
    )
    op.create_table('documents',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=16), nullable=True),
    sa.Column('published_precision', sa.String(length=8), nullable=True),
    sa.Column('published_sort', sa.Date(), nullable=True),
    sa.Column('published_source', sa.String(length=16), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('raw_sha256', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('encoding', sa.String(length=40), nullable=True),
    sa.Column('repairs', sa.JSON(), nullable=False),
    sa.Column('content_type', sa.String(length=16), server_default='text', nullable=False),
    sa.Column('duplicate_of', sa.String(length=40), nullable=True),
    sa.Column('fingerprint', sa.BigInteger(), nullable=True),
    sa.Column('word_count', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of'], ['documents.id'], name=op.f('fk_documents_duplicate_of_documents')),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_documents_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('raw_sha256', name=op.f('uq_documents_raw_sha256'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_duplicate_of', ['duplicate_of'], unique=False)
        batch_op.create_index('ix_documents_published_sort', ['published_sort'], unique=False)

    op.create_table('alerts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('watchlist_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_alerts_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['watchlist_id'], ['watchlists.id'], name=op.f('fk_alerts_watchlist_id_watchlists'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('watchlist_id', 'document_id', name=op.f('uq_alerts_watchlist_id_document_id'))
    )
    op.create_table('embeddings',
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('model', sa.String(length=80), nullable=False),
    sa.Column('dim', sa.Integer(), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_embeddings_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_embeddings'))
    )
    op.create_table('events',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('date', sa.String(length=16), nullable=True),
    sa.Column('actors', sa.JSON(), nullable=False),
    sa.Column('materials', sa.JSON(), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('extractor', sa.String(length=60), nullable=False),
    sa.Column('confidence', sa.Float(), server_default='1.0', nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_events_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_document_id', ['document_id'], unique=False)
        batch_op.create_index('ix_events_type', ['type'], unique=False)

    op.create_table('facts',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('metric', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('value_text', sa.Text(), nullable=False),
    sa.Column('qualifier', sa.String(length=24), nullable=True),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('basis', sa.String(length=24), nullable=True),
    sa.Column('period', sa.String(length=16), nullable=True),
    sa.Column('material', sa.String(length=120), nullable=True),
    sa.Column('stage', sa.String(length=24), nullable=True),
    sa.Column('object', sa.String(length=120), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('extractor', sa.String(length=60), nullable=False),
    sa.Column('confidence', sa.Float(), server_default='1.0', nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_facts_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facts'))
    )
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.create_index('ix_facts_document_id', ['document_id'], unique=False)
        batch_op.create_index('ix_facts_subject_metric', ['subject', 'metric'], unique=False)

    op.create_table('fingerprint_bands',
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('band', sa.SmallInteger(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_fingerprint_bands_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'band', name=op.f('pk_fingerprint_bands'))
    )
    with op.batch_alter_table('fingerprint_bands', schema=None) as batch_op:
        batch_op.create_index('ix_fingerprint_bands_band_value', ['band', 'value'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('extractor', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_mentions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions'))
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index('ix_mentions_document_id', ['document_id'], unique=False)
        batch_op.create_index('ix_mentions_entity_id', ['entity_id'], unique=False)

    op.create_table('relations',
    sa.Column('id', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=False),
    sa.Column('predicate', sa.String(length=32), nullable=False),
    sa.Column('object', sa.String(length=120), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('document_id', sa.String(length=40), nullable=True),
    sa.Column('event_id', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_relations_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_relations'))
    )
    with op.batch_alter_table('relations', schema=None) as batch_op:
        batch_op.create_index('ix_relations_object', ['object'], unique=False)
        batch_op.create_index('ix_relations_subject', ['subject'], unique=False)

    op.create_table('event_entities',
    sa.Column('event_id', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_entities_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'entity_id', 'role', name=op.f('pk_event_entities'))
    )
    with op.batch_alter_table('event_entities', schema=None) as batch_op:
        batch_op.create_index('ix_event_entities_entity_id', ['entity_id'], unique=False)

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table('event_entities', schema=None) as batch_op:
        batch_op.drop_index('ix_event_entities_entity_id')

    op.drop_table('event_entities')
    with op.batch_alter_table('relations', schema=None) as batch_op:
        batch_op.drop_index('ix_relations_subject')
        batch_op.drop_index('ix_relations_object')

    op.drop_table('relations')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index('ix_mentions_entity_id')
        batch_op.drop_index('ix_mentions_document_id')

    op.drop_table('mentions')
    with op.batch_alter_table('fingerprint_bands', schema=None) as batch_op:
        batch_op.drop_index('ix_fingerprint_bands_band_value')

    op.drop_table('fingerprint_bands')
    with op.batch_alter_table('facts', schema=None) as batch_op:
        batch_op.drop_index('ix_facts_subject_metric')
        batch_op.drop_index('ix_facts_document_id')

    op.drop_table('facts')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_type')
        batch_op.drop_index('ix_events_document_id')

    op.drop_table('events')
    op.drop_table('embeddings')
    op.drop_table('alerts')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_published_sort')
        batch_op.drop_index('ix_documents_duplicate_of')

    op.drop_table('documents')
    op.drop_table('watchlists')
    op.drop_table('sources')
    with op.batch_alter_table('ingest_log', schema=None) as batch_op:
        batch_op.drop_index('ix_ingest_log_run_id')

    op.drop_table('ingest_log')
    with op.batch_alter_table('entity_aliases', schema=None) as batch_op:
        batch_op.drop_index('ix_entity_aliases_entity_id')

    op.drop_table('entity_aliases')
    op.drop_table('entities')
    op.drop_table('corrections')
    # ### end Alembic commands ###
