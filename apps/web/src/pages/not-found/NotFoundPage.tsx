import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../components/PageHeader';
import { T } from './texts';

export default function NotFoundPage() {
  useDocumentTitle(T.pageTitle);
  return (
    <Result
      status="404"
      title={T.pageTitle}
      subTitle={T.subTitle}
      extra={
        <Link to="/">
          <Button type="primary">{T.back}</Button>
        </Link>
      }
    />
  );
}
