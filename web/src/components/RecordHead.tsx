import { ConfirmDelete } from './ConfirmDelete.js';
import { Link, navigate } from '../router.js';

/** Breadcrumb, title, Edit and Delete: the head every record page shares. */
export function RecordHead(props: {
  listPath: string;
  listLabel: string;
  title: string;
  editing: boolean;
  onEdit: () => void;
  onDelete: () => Promise<void>;
  /** What else deleting does, for the confirmation. */
  deleteDetail?: string | null;
}) {
  return (
    <>
      <p className="crumbs">
        <Link to={props.listPath}>{props.listLabel}</Link> /
      </p>
      <div className="page-head">
        <h1>{props.title}</h1>
        <div className="actions">
          {!props.editing && (
            <button type="button" onClick={props.onEdit}>
              Edit
            </button>
          )}
          <ConfirmDelete
            what={props.title}
            detail={props.deleteDetail}
            onConfirm={async () => {
              await props.onDelete();
              navigate(props.listPath);
            }}
          />
        </div>
      </div>
    </>
  );
}

/** What a record page shows when its record was deleted or is in another workspace. */
export function RecordGone({ noun, listPath, listLabel }: { noun: string; listPath: string; listLabel: string }) {
  return (
    <section>
      <h1>{noun[0]!.toUpperCase() + noun.slice(1)} not found</h1>
      <p>
        This {noun} was deleted or belongs to another workspace. <Link to={listPath}>Back to {listLabel.toLowerCase()}</Link>
      </p>
    </section>
  );
}
